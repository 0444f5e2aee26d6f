#!/usr/bin/env bash
# The API session of issue 14, against a running portal with the demo data:
#   a manager signs in and creates a personal token on the account page; the token lists
#   Sulawesi Selatan's BLK-Ks; the manager submits a status report with evidence; the
#   mentor (BBPVP Makassar) approves it; the national numbers change.
#
#   scripts/api_demo.sh [BASE_URL]        (default http://127.0.0.1:8000)
#
# Needs curl and jq (or python3 -m json.tool for the pretty printing). The demo password
# is DEMO_PASSWORD (default portal-blkk-2021).
set -euo pipefail

BASE="${1:-http://127.0.0.1:8000}"
PASSWORD="${DEMO_PASSWORD:-portal-blkk-2021}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

say() { printf '\n== %s\n' "$*"; }
pretty() { if command -v jq >/dev/null; then jq "${1:-.}"; else python3 -m json.tool; fi; }

# Sign in with a session and create a token on the account page; prints the token (shown once).
token_for() {
    local user="$1" jar="$WORK/$1.cookies" csrf
    curl -sS -c "$jar" -b "$jar" "$BASE/accounts/login/" -o /dev/null
    csrf="$(awk '$6 == "csrftoken" {print $7}' "$jar")"
    curl -sS -c "$jar" -b "$jar" -o /dev/null -e "$BASE/accounts/login/" \
        --data-urlencode "csrfmiddlewaretoken=$csrf" --data-urlencode "username=$user" \
        --data-urlencode "password=$PASSWORD" "$BASE/accounts/login/"
    csrf="$(awk '$6 == "csrftoken" {print $7}' "$jar")"
    curl -sS -c "$jar" -b "$jar" -e "$BASE/accounts/api-tokens/" \
        --data-urlencode "csrfmiddlewaretoken=$csrf" --data-urlencode "name=API demo" \
        "$BASE/accounts/api-tokens/" | sed -n 's:.*<code[^>]*id="new-token">\([^<]*\)</code>.*:\1:p'
}

api() {  # api TOKEN PATH [curl arguments...]
    local token="$1" path="$2"
    shift 2
    curl -sS -H "Authorization: Bearer $token" -H "Accept-Language: en" "$@" "$BASE/api/v1/$path"
}

say "The API's front door (open data, no token)"
curl -sS "$BASE/api/v1/" | pretty '{name, schema, docs, open_data: (.open_data | map_values({title, licence}))}'

say "pengelola.alfakhriyah signs in and creates a token on the account page"
MANAGER="$(token_for pengelola.alfakhriyah)"
echo "token: ${MANAGER:0:14}… (${#MANAGER} characters, shown once)"
MENTOR="$(token_for pembina.makassar)"
MINISTRY="$(token_for kemnaker)"

say "Sulawesi Selatan's BLK-Ks (province 73), sorted by level, first page of 5"
api "$MANAGER" "blkks/?province=73&sort=level&page_size=5" \
    | pretty '{count, pages, next, results: [.results[] | {registry_number, name, regency, level, mentor_centres}]}'

say "ETag: asking again with If-None-Match"
ETAG="$(api "$MANAGER" "blkks/?province=73&page_size=5" -D - -o /dev/null | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')"
api "$MANAGER" "blkks/?province=73&page_size=5" -H "If-None-Match: $ETAG" -o /dev/null -w "HTTP %{http_code}\n"

say "National numbers before (ministry staff)"
api "$MINISTRY" "dashboards/national/" | pretty '{period: .period.label, reporting: (.reporting | {running, reported, approved, pending, completeness})}'

say "The manager's implementations (the BLK-K's programmes)"
BLKK="$(api "$MANAGER" "implementations/" | jq -r '.results[0].blkk')"
api "$MANAGER" "implementations/?blkk=$BLKK" | pretty '{count, results: [.results[:3][] | {id, programme_code, status, progress, version}]}'

say "The manager submits a report with evidence (multipart)"
printf '%%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n' > "$WORK/berita-acara.pdf"
REPORT=""
for IMPLEMENTATION in $(api "$MANAGER" "implementations/?blkk=$BLKK&page_size=100" | jq -r '.results[].id'); do
    VERSION="$(api "$MANAGER" "implementations/$IMPLEMENTATION/" | jq -r .version)"
    ANSWER="$(api "$MANAGER" "implementations/$IMPLEMENTATION/reports/" -F status=in_progress -F progress=60 \
        -F "narrative=Pelatihan menjahit angkatan 3 selesai; 16 peserta lulus uji kompetensi." \
        -F "version=$VERSION" -F "evidence=@$WORK/berita-acara.pdf;type=application/pdf")"
    if [ "$(echo "$ANSWER" | jq -r '.id // empty')" != "" ]; then
        REPORT="$(echo "$ANSWER" | jq -r .id)"
        echo "$ANSWER" | pretty '{id, implementation, period_label, status, progress, has_evidence, review, submitted_at}'
        break
    fi
    echo "implementation $IMPLEMENTATION: $(echo "$ANSWER" | jq -c .error)"
done
[ -n "$REPORT" ] || { echo "no implementation took a report"; exit 1; }

say "The same form sent again with the old version: 409 with the competing report"
api "$MANAGER" "implementations/$IMPLEMENTATION/reports/" -F status=in_progress -F progress=65 \
    -F "narrative=Versi lama." -F "version=$VERSION" | pretty '{error: {code: .error.code, message: .error.message, competing_report: .error.details.latest_report.id}}'

say "The manager may not review it (403, the API's error body)"
api "$MANAGER" "reports/$REPORT/review/" -F decision=approve | pretty

say "The mentor (BBPVP Makassar) approves it"
api "$MENTOR" "reports/$REPORT/review/" -H "Content-Type: application/json" -d '{"decision": "approve"}' \
    | pretty '{id, review, reviewed_at}'

say "National numbers after"
api "$MINISTRY" "dashboards/national/" | pretty '{period: .period.label, reporting: (.reporting | {running, reported, approved, pending, completeness})}'

say "Open national counts (no token)"
curl -sS "$BASE/api/v1/open-data/national/" | pretty '{blkks, updated_at, provinces: (.provinces | length)}'
