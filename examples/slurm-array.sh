#!/bin/bash
# One Slurm job array over a data set on a shared file system: every array task runs the same
# `augment` command, and `--shard auto` picks its share from SLURM_ARRAY_TASK_ID,
# SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT. The union of the shards is byte-identical to
# one run on one machine.
#
#   sbatch examples/slurm-array.sh                           # 4 shards, paths below
#   IN=/shared/in OUT=/shared/out sbatch --array=0-15 examples/slurm-array.sh
#
# Resume after a failed or cancelled task: resubmit only that index (`sbatch --array=2 ...`) or
# the whole array; `--skip-existing` leaves every output that is already complete alone, and
# outputs are written atomically, so a task killed half-way never leaves a partial file.
# scripts/slurm-test submits this very file to a throwaway cluster.
#
#SBATCH --job-name=augment
#SBATCH --array=0-3
#SBATCH --cpus-per-task=1
#SBATCH --output=augment-%A_%a.log
set -euo pipefail

AUGMENT=${AUGMENT:-augment}                 # the binary, reachable from every node
IN=${IN:-/shared/dataset/images}            # input folder, on the shared file system
OUT=${OUT:-/shared/dataset/augmented}       # output folder, on the shared file system
REPORTS=${REPORTS:-${OUT%/}.reports}        # one JSON Lines report per task
mkdir -p "$OUT" "$REPORTS"

exec "$AUGMENT" "$IN" -o "$OUT" \
    --shard auto \
    --seed 7 \
    --op rotate=-20..20,resample=bilinear \
    --op flip=h,p=0.5 \
    --skip-existing \
    -j "${SLURM_CPUS_PER_TASK:-1}" \
    --report "$REPORTS/shard-$SLURM_ARRAY_TASK_ID.jsonl"
