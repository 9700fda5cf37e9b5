#!/usr/bin/env bash
# Regenerate the English catalogue from the sources, fold in the helpers' PO fragments,
# drop obsolete entries, compile. Run from the repo root (`make messages`). Parallel branches
# write their English into src/gonghui/locale/fragments/<branch>.po instead of editing django.po
# (one big file every branch would conflict on); this folds them in and deletes them.
set -euo pipefail
root=$(pwd)
po=src/gonghui/locale/en/LC_MESSAGES/django.po
(cd src/gonghui && GONGHUI_TESTING=1 "$root/.venv/bin/django-admin" makemessages -l en \
  --settings=gonghui.settings --pythonpath=.. --ignore='migrations/*' >/dev/null)
frags=(src/gonghui/locale/fragments/*.po)
if [ -e "${frags[0]}" ]; then
  tmp=$(mktemp -d)
  for f in "${frags[@]}"; do
    if ! grep -q 'Content-Type: text/plain; charset=UTF-8' "$f"; then
      printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' > "$tmp/$(basename "$f")"
      cat "$f" >> "$tmp/$(basename "$f")"
    else
      cp "$f" "$tmp/"
    fi
  done
  header=$(sed '/^$/q' "$po")
  # fragments first: their translation wins over a fuzzy guess makemessages made
  msgcat --use-first "$tmp"/*.po "$po" -o "$tmp/combined.po"
  msgmerge -q --no-fuzzy-matching "$tmp/combined.po" "$po" -o "$tmp/merged.po"
  { printf '%s\n\n' "$header"; sed '1,/^$/d' "$tmp/merged.po"; } > "$po"
  rm -f "${frags[@]}"
fi
msgattrib --no-obsolete "$po" -o "$po"
echo "untranslated: $(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid' || true)"
echo "fuzzy: $(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid' || true)"
(cd src/gonghui && GONGHUI_TESTING=1 "$root/.venv/bin/django-admin" compilemessages \
  --settings=gonghui.settings --pythonpath=.. >/dev/null)
