#!/usr/bin/env bash
# Installs what forgedesk needs to build, run and test on Debian 12: the
# Debian packages that are missing, and the npm packages of the web UI and the
# test suites. As non-root it prints the command to run instead.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config git
  libh2o-evloop-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev libssl-dev zlib1g-dev libuv1-dev
  libcmocka-dev libcurl4-openssl-dev libical-dev libgmime-3.0-dev
  postfix clang
  postgresql-15 postgresql-client-15
  chromium nginx-light wrk curl
)
# Node.js may come from another Debian repository (NodeSource's nodejs bundles
# npm and conflicts with Debian's npm package): ask for Debian's only when the
# commands are absent.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "forgedesk needs these Debian packages; install them as root with:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  # Postfix only lends its smtp-sink to the mail tests: installed unconfigured,
  # it starts no daemon and takes no port 25.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm packages: the web UI and the test suites each pin theirs in package-lock.json.
for dir in web tests/api tests/browser; do
  [ -f "$dir/package.json" ] || continue
  stamp="$dir/node_modules/.installed"
  if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ] || [ "$dir/package.json" -nt "$stamp" ]; then
    echo "installing npm packages in $dir"
    (cd "$dir" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi)
    touch "$stamp"
  fi
done
