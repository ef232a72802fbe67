#!/bin/bash
# One Slurm job array over a data set on a shared file system: every array task runs the same
# `augment` command, and `--shard auto/$SHARDS` takes its shard index I from SLURM_ARRAY_TASK_ID,
# of SHARDS shards in all. The union of the shards is byte-identical to one run on one machine.
#
#   sbatch examples/slurm-array.sh                           # 4 shards (0-3), paths below
#   IN=/shared/in OUT=/shared/out SHARDS=16 sbatch --array=0-15 examples/slurm-array.sh
#
# SHARDS is the number of shards of the whole run and must match the array: --array=0-(SHARDS-1).
# It is given rather than read from the array (SLURM_ARRAY_TASK_COUNT) so that a resubmitted part
# of the array still runs its own shard of the whole run, not everything.
#
# Resume after a failed or cancelled task: resubmit only that index with the same SHARDS (and
# IN/OUT), e.g. `SHARDS=4 sbatch --array=2 examples/slurm-array.sh` redoes shard 2 of 4, and
# `SHARDS=16 sbatch --array=3,7 ...` shards 3 and 7 of 16; or resubmit the whole array.
# `--skip-existing` leaves every output that is already complete alone, and outputs are written
# atomically, so a task killed half-way never leaves a partial file. (`--shard auto`, which takes
# N from the array's size, only accepts a whole array 0-(N-1) and refuses a part of one.)
#
# COCO labels: set COCO=path/to/instances.json (and FLIP_PAIRS=left_eye:right_eye,... when a
# category has keypoints, as the flip below mirrors). Each task then writes its shard's file
# $OUT.coco/shard-$SLURM_ARRAY_TASK_ID.json (`--labels coco:$COCO --labels-out ...`): the ids are
# a function of the original id and the copy, so the shards' files are disjoint, and a follow-up
# job, examples/slurm-coco-merge.sh, merges them into $OUT.json (`augment coco-merge`), byte for
# byte the file one run writes (the same OUT and SHARDS in the environment of both):
#
#   JOB=$(COCO=/shared/instances.json sbatch --parsable examples/slurm-array.sh)
#   sbatch --dependency=afterok:${JOB%%;*} --kill-on-invalid-dep=yes examples/slurm-coco-merge.sh
#
# With COCO the array does not pass --skip-existing (augment refuses it with COCO labels: skipped
# outputs would be missing from the shard's file): a resubmitted index redoes its whole shard
# (the same bytes, written atomically) and its file; then submit the merge job again.
# scripts/e2e/slurm-test submits this very file to a throwaway cluster (with and without COCO,
# then the merge job), and resubmits one index.
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
SHARDS=${SHARDS:-4}                         # shards of the whole run: --array=0-(SHARDS-1)
COPIES=${COPIES:-1}                         # outputs per input
COCO=${COCO:-}                              # COCO labels: the instances JSON (unset: no labels)
COCO_SHARDS=${COCO_SHARDS:-${OUT%/}.coco}   # with COCO: each task's file, shard-I.json
mkdir -p "$OUT" "$REPORTS"

if [ -n "$COCO" ]; then
    mkdir -p "$COCO_SHARDS"
    LABELS=(--labels "coco:$COCO" --labels-out "$COCO_SHARDS/shard-$SLURM_ARRAY_TASK_ID.json")
    [ -z "${FLIP_PAIRS:-}" ] || LABELS+=(--flip-pairs "$FLIP_PAIRS")
else
    LABELS=(--skip-existing)                # resume: keep what is written (not with COCO)
fi

exec "$AUGMENT" "$IN" -o "$OUT" \
    --shard "auto/$SHARDS" \
    --seed 7 \
    --copies "$COPIES" \
    --op rotate=-20..20,resample=bilinear \
    --op flip=h,p=0.5 \
    "${LABELS[@]}" \
    -j "${SLURM_CPUS_PER_TASK:-1}" \
    --report "$REPORTS/shard-$SLURM_ARRAY_TASK_ID.jsonl"
