#!/usr/bin/env bash
# WordNet 3.0 from Debian's wordnet-base (the framing judge reads /usr/share/wordnet). Optional:
# without it claimcheck still runs, the framing judge then tells synonyms apart by embeddings only.
set -u
if [ -f /usr/share/wordnet/data.noun ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  (apt-get install -y -q wordnet-base >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q wordnet-base >/dev/null 2>&1; }) \
    && echo "installed wordnet-base" && exit 0
fi
echo "warning: WordNet (Debian package wordnet-base) not installed; run 'sudo apt-get install wordnet-base' for full framing detection" >&2
exit 0
