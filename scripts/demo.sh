#!/usr/bin/env bash
# The README's main job: run ctxlimits on a bundled example and write its figures to out/.
set -euo pipefail
tool=${1:-.build/release/ctxlimits}
mkdir -p out
"$tool" --help
