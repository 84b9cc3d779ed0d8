#!/bin/sh
# Regenerates docs/conformance.md from conformance/.results/results.json (written by the conformance test run).
set -e
cd "$(dirname "$0")/.."
pnpm exec esbuild conformance/generate-report.ts --bundle --platform=node --format=esm --log-level=warning \
  --outfile=conformance/.results/generate-report.mjs
node conformance/.results/generate-report.mjs
