-- wrk script: one single-message POST per request, each to its own number.
local counter = 0
request = function()
  counter = counter + 1
  local body = '{"to":"+7912' .. (1000000 + counter % 8999999) .. '","text":"wrk message ' .. counter .. '","priority":"bulk"}'
  return wrk.format("POST", "/api/v1/messages", nil, body)
end
