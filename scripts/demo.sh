#!/usr/bin/env bash
# The README's main job: run ctxlimits on a bundled example and write its figures to out/.
set -euo pipefail
tool=${1:-.build/release/ctxlimits}
mkdir -p out
"$tool" spectrum llama-3.1-8b --csv out/llama-3.1-8b-spectrum.csv --svg out/llama-3.1-8b-spectrum.svg
echo
echo "Wrote out/llama-3.1-8b-spectrum.csv and out/llama-3.1-8b-spectrum.svg"
