# Shared by scripts/start and scripts/test. Everything a run needs is installed here, never by hand.

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root (or sudo)" >&2; return 1; fi
}

# Another apt (unattended upgrades, a second terminal) may hold the package lock: wait for it up to
# OPENIOP_APT_LOCK_TIMEOUT seconds instead of failing at once.
apt_updated=""
apt_install() {
  local wait_lock=(-o "DPkg::Lock::Timeout=${OPENIOP_APT_LOCK_TIMEOUT:-300}")
  echo "apt-get: installing $* (waits up to ${OPENIOP_APT_LOCK_TIMEOUT:-300} s if another apt holds the lock) ..." >&2
  if [ -z "$apt_updated" ]; then as_root apt-get "${wait_lock[@]}" update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get "${wait_lock[@]}" install -y -qq --no-install-recommends "$@" >/dev/null
}

find_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  echo "error: OpenIOP needs Python 3.11 (python3.11 or python3 on PATH)" >&2
  return 1
}

# pip, quiet; fails when pip fails (this machine's pip prints a warning per unused local index: dropped).
pip_quiet() {
  .venv/bin/python -m pip -q "$@" 2> >(grep -v '^WARNING: Location' >&2)
}

# ensure_venv [extra]: .venv with the locked dependency set (requirements/base.txt, or requirements/test.txt
# for "test": every package pinned with its hashes, so CI and production install exactly what was reviewed),
# then the project itself (editable, without resolving dependencies again).
ensure_venv() {
  local extra="${1:-}"
  local lock="requirements/${extra:-base}.txt"
  if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
    pip_quiet install --upgrade pip
  fi
  local stamp=".venv/.installed-${extra:-base}"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
    echo "Installing OpenIOP's locked dependencies ($lock) into .venv ..."
    pip_quiet install --require-hashes -r "$lock"
    pip_quiet install --no-deps -e .
    .venv/bin/python -m pip check >/dev/null
    touch "$stamp"
  fi
}

# WeasyPrint renders the patient PDFs (plan, discharge summary, disclosures) with Pango and HarfBuzz.
ensure_pdf_libraries() {
  if ! ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || ! ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so.0"; then
    echo "Installing Pango and HarfBuzz for PDF output ..."
    apt_install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's chromium for the browser tests ..."
    apt_install chromium
  fi
  # Treatment-plan PDFs are checked with pdftotext.
  if ! command -v pdftotext >/dev/null 2>&1; then
    apt_install poppler-utils
  fi
}
