#pragma once
// /api/v1/reminder-rules: the rules that remind rows (appointments) before one of their times;
// /api/v1/reminders: the day's queue (decided and upcoming, counted per group such as a
// branch); /api/v1/reminders/report: sent, delivered, failed, skipped, confirmed and cancelled
// per day and group. Reading needs view_bulk; saving needs send_bulk (a rule sends as the one
// who saves it).

#include "api/router.h"
#include "reminders/reminder_service.h"

namespace pigeon::host {

class RemindersApi {
public:
  explicit RemindersApi(ReminderService& reminders) : reminders_(reminders) {}
  void registerRoutes(Router& router);

private:
  ApiResponse list(ApiRequest& request);
  ApiResponse create(ApiRequest& request);
  ApiResponse get(ApiRequest& request);
  ApiResponse update(ApiRequest& request);
  ApiResponse remove(ApiRequest& request);
  ApiResponse day(ApiRequest& request);
  ApiResponse report(ApiRequest& request);

  ReminderService& reminders_;
};

}  // namespace pigeon::host
