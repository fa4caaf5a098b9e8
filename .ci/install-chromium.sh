#!/usr/bin/env bash
# Installs Debian's Chromium (and a font) for the report's browser tests, only when it is missing.
# playwright-core drives it; no npm package may download a browser of its own here.
set -euo pipefail
command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core)
