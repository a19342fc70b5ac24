#!/usr/bin/env bash
# Installs what the browser test (tests/web/) needs from Debian, only when missing:
# Debian's Chromium at /usr/bin/chromium (run headless by the test), a font with Latin glyphs
# and an emoji font (without them, screenshots show boxes; the bot greets with an emoji).
# Playwright for Python comes from requirements.txt: it drives this Chromium, so no browser
# is downloaded.
# Needs root (or sudo) and the Debian package mirror; does nothing when all is present.
set -euo pipefail

packages=(chromium fonts-liberation fonts-noto-color-emoji)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup_browser: chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
echo "setup_browser: installing ${missing[*]} with apt-get"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
/usr/bin/chromium --version 2>/dev/null
