#include "app/pigeond_app.h"

#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/PatternFormatter.h>
#include <Poco/Util/HelpFormatter.h>

#include <filesystem>
#include <iostream>

#include "app/host.h"
#include "db/connection.h"

namespace pigeon::host {

namespace {

void setUpLogging() {
  Poco::AutoPtr<Poco::PatternFormatter> format(
      new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S.%i %p %s: %t"));
  Poco::AutoPtr<Poco::FormattingChannel> channel(
      new Poco::FormattingChannel(format, new Poco::ConsoleChannel));
  Poco::Logger::root().setChannel(channel);
  Poco::Logger::root().setLevel("information");
}

}  // namespace

void PigeondApp::defineOptions(Poco::Util::OptionSet& options) {
  ServerApplication::defineOptions(options);
  options.addOption(Poco::Util::Option("config", "c", "properties file to read")
                        .required(false)
                        .repeatable(false)
                        .argument("FILE"));
  options.addOption(
      Poco::Util::Option("help", "h", "show the options").required(false).repeatable(false));
}

void PigeondApp::handleOption(const std::string& name, const std::string& value) {
  ServerApplication::handleOption(name, value);
  if (name == "config") configPath_ = value;
  if (name == "help") {
    helpRequested_ = true;
    stopOptionsProcessing();
  }
}

int PigeondApp::main(const std::vector<std::string>&) {
  if (helpRequested_) {
    Poco::Util::HelpFormatter help(options());
    help.setCommand(commandName());
    help.setUsage("[--config FILE]");
    help.setHeader("Pigeon: the SMS service host.");
    help.format(std::cout);
    return EXIT_OK;
  }
  setUpLogging();
  auto& logger = Poco::Logger::get("pigeond");
  try {
    auto config = loadHostConfigFile(configPath_);
    // Installed or built, plugins sit in ../plugins beside the folder holding pigeond.
    if (config.pluginsDir.empty())
      config.pluginsDir =
          (std::filesystem::canonical("/proc/self/exe").parent_path().parent_path() / "plugins")
              .string();
    Host host(std::move(config));
    host.start();
    waitForTerminationRequest();
    logger.information("stopping");
    host.stop();
  } catch (const ConfigError& e) {
    logger.fatal("configuration error: %s", std::string(e.what()));
    return EXIT_CONFIG;
  } catch (const db::DbError& e) {
    logger.fatal("store error: %s", std::string(e.what()));
    return EXIT_UNAVAILABLE;
  } catch (const std::exception& e) {
    logger.fatal("cannot start: %s", std::string(e.what()));
    return EXIT_SOFTWARE;
  }
  return EXIT_OK;
}

}  // namespace pigeon::host
