#pragma once
// The pigeond process: command line, logging, signals; the work is done by Host.

#include <Poco/Util/ServerApplication.h>

namespace pigeon::host {

class PigeondApp : public Poco::Util::ServerApplication {
protected:
  void defineOptions(Poco::Util::OptionSet& options) override;
  void handleOption(const std::string& name, const std::string& value) override;
  int main(const std::vector<std::string>& args) override;

private:
  std::string configPath_ = "config/pigeon.properties";
  bool helpRequested_ = false;
};

}  // namespace pigeon::host
