#!/usr/bin/env bash
# The README's main job: check a bundled real config against every bound and write the figures
# of that analysis, and the one-page HTML report of the check, to out/.
set -euo pipefail
tool=${1:-.build/release/ctxlimits}
mkdir -p out
model=llama-3.1-8b
# check exits 3 when a bound is violated: that is a verdict, not a failure of the demo.
"$tool" check "$model" --csv "out/$model-check.csv" --report "out/$model-report.html" || [ $? -eq 3 ]
"$tool" spectrum "$model" --csv "out/$model-spectrum.csv" --svg "out/$model-spectrum.svg" > /dev/null
"$tool" erasure "$model" --precision bf16 --csv "out/$model-erasure.csv" --svg "out/$model-erasure.svg" > /dev/null
"$tool" kernel "$model" --csv "out/$model-kernel.csv" --svg "out/$model-kernel.svg" > /dev/null
"$tool" feasibility --layers 32 --csv out/feasibility.csv --svg out/feasibility.svg > /dev/null
echo
echo "Figures and tables written to out/: $(ls out | tr '\n' ' ')"
