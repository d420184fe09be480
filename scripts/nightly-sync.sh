#!/bin/sh
# nightly-sync.sh: the nightly run of a system that keeps realisation
# elsewhere (e.g. an HR or budget system) and writes it into Kinerja with a
# service account of scope write-realisation. docs/api.md walks through it.
#
#   KINERJA_URL=https://kinerja.example.go.id KINERJA_TOKEN=knj_… \
#     scripts/nightly-sync.sh values.tsv state/cursor
#
# values.tsv: one value a line, tab-separated: NIP, year, quarter, indicator
# code, value. The cursor file keeps the change feed's place between runs.
# Needs curl and jq. Safe to run again after a failure: a value already
# saved is answered 200 and changes nothing.
set -eu
api="${KINERJA_URL%/}/api/v1"
auth="Authorization: Bearer $KINERJA_TOKEN"
values=$1 cursorfile=$2

# 1. What changed in Kinerja since the last run, page by page.
cursor=$(cat "$cursorfile" 2>/dev/null || echo latest)
while :; do
	page=$(curl -sf -H "$auth" "$api/changes?since=$cursor&limit=500")
	echo "$page" | jq -r '.items[] | "changed \(.at) \(.action) \(.object) \(.object_id) by \(.actor)"'
	cursor=$(echo "$page" | jq -r .next)
	[ "$(echo "$page" | jq -r .more)" = true ] || break
done

# 2. Each value onto its owner's sheet, on the revision just read.
tab=$(printf '\t')
while IFS="$tab" read -r nip year q code value; do
	plan=$(curl -sf -H "$auth" "$api/plans?year=$year&limit=1000" |
		jq -r --arg nip "$nip" '.items[] | select(.employee.nip == $nip) | .id')
	sheet=$(curl -sf -H "$auth" "$api/plans/$plan/quarters/$q")
	rev=$(echo "$sheet" | jq .revision)
	line=$(echo "$sheet" | jq --arg code "$code" '.lines[] | select(.code == $code) | .line_id')
	status=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "$auth" -H 'Content-Type: application/json' \
		-d "{\"revision\": $rev, \"value\": $value}" "$api/plans/$plan/lines/$line/quarters/$q")
	echo "$nip $year Q$q $code = $value: $status"
done < "$values"

echo "$cursor" > "$cursorfile"
