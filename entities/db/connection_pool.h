#pragma once
// Reader connections shared by request threads. A lease returns its connection when it ends.

#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

#include "db/database.h"

namespace pigeon::db {

class ConnectionPool {
public:
  class Lease {
  public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> c)
        : pool_(pool), c_(std::move(c)), uncaught_(std::uncaught_exceptions()) {}
    // A connection an exception went through may be broken (server restarted, timed out):
    // it is closed rather than handed to the next caller.
    ~Lease() {
      if (std::uncaught_exceptions() == uncaught_) pool_.giveBack(std::move(c_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }

  private:
    ConnectionPool& pool_;
    std::unique_ptr<Connection> c_;
    int uncaught_;
  };

  ConnectionPool(Database& database, std::size_t maxIdle)
      : database_(database), maxIdle_(maxIdle) {}

  Lease acquire();

private:
  struct Idle {
    std::unique_ptr<Connection> connection;
    std::chrono::steady_clock::time_point since;
  };
  void giveBack(std::unique_ptr<Connection> c);

  Database& database_;
  std::size_t maxIdle_;
  std::mutex mutex_;
  std::vector<Idle> idle_;
};

}  // namespace pigeon::db
