#!/usr/bin/env bash
# Builds the content-loader (and layout) fuzzer with clang (libFuzzer + ASan + UBSan) and
# runs it for a bounded time, seeded with the shipped content. Fails on any
# crash, sanitizer report or leak.   usage: tests/fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
out=build-fuzz
mkdir -p "$out/corpus"
clang -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
    -Wno-missing-field-initializers -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -Isrc tests/fuzz/fuzz_content.c src/content/content_load.c src/content/groups_load.c src/content/prompts_load.c src/content/ui_load.c src/content/media_load.c src/content/image_load.c src/content/link_load.c src/content/json_doc.c src/content/load_fields.c src/content/load_text.c src/qr/qr.c \
    src/core/util.c src/core/content.c src/core/layout.c src/core/layout_pages.c src/core/layout_link.c src/core/look.c src/core/theme.c src/core/icons.c src/core/draw.c src/core/field_check.c \
    src/core/safe_file.c src/core/image_header.c src/core/link.c src/core/wav_header.c \
    $(pkg-config --cflags --libs libcjson libqrencode) -lm -o "$out/fuzz_content"
# Seeds: every shipped file, aimed at a few target slots (the first byte).
i=0
for f in content/*.json content/*/*.json content/*/*/*.json; do
    for slot in $((i % 7)) $((i % 7 + 64)); do
        { printf "\\x$(printf %02x $slot)"; cat "$f"; } > "$out/corpus/seed-$i-$slot"
    done
    i=$((i + 1))
done
# The shipped content is the base: every kind of file is in it (groups, prompts...).
export LANTERN_FUZZ_BASE=$PWD/content
"$out/fuzz_content" "$out/corpus" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -detect_leaks=1 -print_final_stats=1 2>&1 | tail -n 25
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ]; then
    echo "fuzz: 1 passed, 0 failed"
else
    echo "fuzz: 0 passed, 1 failed"
fi
exit "$status"
