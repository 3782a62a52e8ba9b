-- Case updates under concurrent load (bench/cases.sh): each wrk thread
-- changes the priority of its own FD_PER_THREAD cases from FD_FIRST on,
-- never two requests on one case at once, each PATCH with the If-Match of
-- the version the last answer gave (a case's first touch reads it with a
-- GET, as a client would). Priority 2 and 3 alternate, so every update
-- recomputes the case's SLA clocks and is audited.
local first, per = tonumber(os.getenv("FD_FIRST")), tonumber(os.getenv("FD_PER_THREAD") or "64")
local threads = 0
function setup(thread)
  thread:set("lo", first + threads * per)
  threads = threads + 1
end

function init(args)
  ready, version, n = {}, {}, 0
  for id = lo, lo + per - 1 do ready[#ready + 1] = id end
end

function request()
  n = n + 1
  -- a case whose answer could not be matched to it is lost from the queue;
  -- when none is left, read one again
  local id = table.remove(ready, 1) or (lo + n % per)
  if not version[id] then return wrk.format("GET", "/api/v1/cases/" .. id) end
  -- wrk.format takes these headers instead of wrk.headers (-H), not beside them
  local headers = {["Content-Type"] = "application/json", ["If-Match"] = '"' .. version[id] .. '"'}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  return wrk.format("PATCH", "/api/v1/cases/" .. id, headers, '{"priority":' .. (2 + n % 2) .. '}')
end

function response(status, headers, body)
  local id = tonumber(string.match(body, '^{"id":(%d+)') or string.match(body, "case (%d+)") or "")
  if not id then return end
  local etag = headers["etag"] or headers["ETag"]
  version[id] = status < 300 and etag and tonumber(string.match(etag, "(%d+)")) or nil
  ready[#ready + 1] = id
end
