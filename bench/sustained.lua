-- The request mix of bench/sustained.sh: reads, case writes and dashboards,
-- drawn by a fixed sequence (the same run gives the same mix).
local team, agent, accounts = os.getenv("FD_TEAM"), os.getenv("FD_AGENT"), tonumber(os.getenv("FD_ACCOUNTS"))
local from, to = os.getenv("FD_FROM"), os.getenv("FD_TO")
local n = 0
local dashboards = {
  "/api/v1/kpis?team_id=" .. team .. "&period=month&from=" .. from .. "&to=" .. to,
  "/api/v1/people/" .. agent .. "/scorecard",
  "/api/v1/reports/sla-compliance?group_by=month&from=" .. from .. "&to=" .. to,
  "/api/v1/reports/satisfaction?group_by=month&survey_type=nps",
}
function request()
  n = n + 1
  local k = (n * 7919) % 100
  local account = 1 + (n * 104729) % accounts
  if k < 40 then
    return wrk.format("GET", "/api/v1/accounts/" .. account)
  elseif k < 60 then
    return wrk.format("GET", "/api/v1/cases?account_id=" .. account .. "&limit=20")
  elseif k < 85 then
    -- wrk.format takes these headers instead of wrk.headers (-H), not beside them
    local headers = {["Content-Type"] = "application/json"}
    for k, v in pairs(wrk.headers) do headers[k] = v end
    return wrk.format("POST", "/api/v1/cases", headers,
      '{"account_id":' .. account .. ',"type":"' .. (k < 82 and "enquiry" or "complaint") .. '","subject":"Sustained load ' .. n .. '","priority":3}')
  else
    return wrk.format("GET", dashboards[1 + n % #dashboards])
  end
end
