#!/usr/bin/env bash
# Every parameter a block declares is documented: each key `pimscope params` lists appears
# in docs/models.md, written as `key` (the block sections' parameter tables), so a new
# parameter cannot land without its unit, default and source on that page.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml
DOC=$SRC/docs/models.md

"$PIMSCOPE" params --arch "$ARCH" > "$TMP/params.txt"
check params_documented_exit_code test $? -eq 0
check params_documented_doc_exists test -f "$DOC"

# The listing: a title line, a header ("key  value  unit  description"), then one parameter
# per line with its key first.
awk 'header && NF > 0 { print $1 } $1 == "key" && $2 == "value" { header = 1 }' "$TMP/params.txt" > "$TMP/keys.txt"
count=$(wc -l < "$TMP/keys.txt")
# A guard against a listing whose format changed under this test: the blocks declare far
# more than this many parameters.
check "params_documented_listing_has_keys ($count)" test "$count" -ge 50

undocumented=()
while read -r key; do
  grep -qF -- "\`$key\`" "$DOC" || undocumented+=("$key")
done < "$TMP/keys.txt"
if [ ${#undocumented[@]} -ne 0 ]; then
  echo "undocumented in docs/models.md: ${undocumented[*]}"
fi
check "params_documented_all_keys (${#undocumented[@]} of $count missing)" test ${#undocumented[@]} -eq 0
finish
