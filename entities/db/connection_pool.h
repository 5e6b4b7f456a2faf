#pragma once
// Reader connections shared by request threads. A lease returns its connection when it ends.

#include <memory>
#include <mutex>
#include <vector>

#include "db/database.h"

namespace pigeon::db {

class ConnectionPool {
public:
  class Lease {
  public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    ~Lease() { pool_.giveBack(std::move(c_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }

  private:
    ConnectionPool& pool_;
    std::unique_ptr<Connection> c_;
  };

  ConnectionPool(Database& database, std::size_t maxIdle) : database_(database), maxIdle_(maxIdle) {}

  Lease acquire();

private:
  void giveBack(std::unique_ptr<Connection> c);

  Database& database_;
  std::size_t maxIdle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace pigeon::db
