#!/usr/bin/env bash
# Regenerates the figures the README shows (docs/figures/) from the bundled analysis: the forest
# plot and the posterior plot of progression-free survival in newly diagnosed myeloma, as PNG.
# Run after scripts/setup.sh; the figures are drawn by metamc, never by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

plots=$(mktemp -d)
trap 'rm -rf "$plots"' EXIT
build/metamc fit data/isatuximab.csv --by setting,outcome,subgroup --quiet \
  --plot "$plots" --plot-format png >/dev/null
mkdir -p docs/figures
for kind in forest posterior; do
  cp "$plots/NDMM_PFS_all.$kind.png" "docs/figures/NDMM_PFS.$kind.png"
done
echo "docs/figures: NDMM_PFS.forest.png, NDMM_PFS.posterior.png"
