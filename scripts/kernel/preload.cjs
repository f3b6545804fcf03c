// Loaded by the tslab kernelspec that scripts/setup.mjs registers, before tslab itself:
//   node -r <root>/scripts/kernel/preload.cjs <root>/node_modules/tslab/bin/tslab kernel --config-path {connection_file}
// It installs the fixes of tslab-fixes.cjs (above all: no more stalled kernels). MLEM_KERNEL_FIXES=off
// leaves tslab as published, which the kernel soak test uses to show that it fails without them.
"use strict";

if (process.env.MLEM_KERNEL_FIXES !== "off") require("./tslab-fixes.cjs").install();
