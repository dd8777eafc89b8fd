-- wrk script: each request asks for the next path of a list read from the file named by
-- NATO3_BENCH_PATHS (one path a line, already shuffled with a fixed seed by benchmarks/web.py).
-- Thread i starts at its own offset and walks the list in order, so every server under test
-- gets the same queries in the same order; the list is long enough that no response cache
-- holds it.

local paths = {}
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(os.getenv("NATO3_BENCH_PATHS")) do
    paths[#paths + 1] = line
  end
  local count = tonumber(os.getenv("NATO3_BENCH_THREADS") or "1")
  position = math.floor(#paths * id / count)
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
