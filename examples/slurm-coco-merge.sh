#!/bin/bash
# The follow-up job of examples/slurm-array.sh run with COCO labels: merges the array tasks' COCO
# files $OUT.coco/shard-0.json ... shard-(SHARDS-1).json into $OUT.json with `augment coco-merge`.
# The ids of a row are a function of its original id and the copy, and every shard's file is sorted
# by id, so the merge is a k-way merge of the shards' lines, byte for byte the file one run on one
# machine writes with --labels-out. Submit it with a dependency on the array, with the same
# environment (OUT, SHARDS):
#
#   JOB=$(COCO=/shared/instances.json sbatch --parsable examples/slurm-array.sh)
#   sbatch --dependency=afterok:${JOB%%;*} --kill-on-invalid-dep=yes examples/slurm-coco-merge.sh
#
# afterok runs it once every task exited 0. A task that exits 1 (some items failed: its file is
# written, without the failed outputs' rows) or fails to run makes the dependency impossible, and
# --kill-on-invalid-dep=yes cancels the merge job then (without it, it stays pending, reason
# DependencyNeverSatisfied): redo the task (`SHARDS=4 sbatch --array=2 ...`, see
# slurm-array.sh) and submit the merge again, or use --dependency=afterany:JOB to merge what the
# tasks wrote anyway. It refuses to run (exit 2) unless every shard's file is there, so that a merge
# never silently leaves a shard out. What it runs, from a shell on any node instead:
#
#   augment coco-merge $OUT.coco/shard-*.json -o $OUT.json
#
#SBATCH --job-name=augment-coco-merge
#SBATCH --cpus-per-task=1
#SBATCH --output=augment-coco-merge-%j.log
set -euo pipefail

AUGMENT=${AUGMENT:-augment}                 # the binary, reachable from every node
OUT=${OUT:-/shared/dataset/augmented}       # the array's output folder
SHARDS=${SHARDS:-4}                         # the array's shards: --array=0-(SHARDS-1)
COCO_SHARDS=${COCO_SHARDS:-${OUT%/}.coco}   # the tasks' files, shard-I.json
LABELS_OUT=${LABELS_OUT:-${OUT%/}.json}     # the merged COCO file

FILES=()
for ((i = 0; i < SHARDS; i++)); do
    f=$COCO_SHARDS/shard-$i.json
    [ -f "$f" ] || { echo "slurm-coco-merge: no $f: shard $i of $SHARDS has not written its file" >&2; exit 2; }
    FILES+=("$f")
done
exec "$AUGMENT" coco-merge "${FILES[@]}" -o "$LABELS_OUT"
