#!/bin/sh
# Writes the man page dlcheck.1 from the binary's own --help, its subcommands' --help and its
# rule table (`dlcheck rules`), so the page always matches the binary it ships with.
# Usage: make-manpage.sh DLCHECK OUTPUT. POSIX sh and awk only: it runs in the build-only set-up.
set -eu
dlcheck=$1
output=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

"$dlcheck" --help >"$scratch/help"
"$dlcheck" rules >"$scratch/rules"
version=$("$dlcheck" --version | awk '{print $NF}')

# help_to_roff MODE: CLI11 help on stdin to roff. MODE main keeps every section; MODE sub (a
# subcommand's help) stops at the shared footer (Examples), which the main page already has.
help_to_roff() {
  awk -v mode="$1" '
    function esc(s) {
      gsub(/\\/, "\\e", s)
      if (s ~ /^[.\047]/) s = "\\&" s
      return s
    }
    function term(s) { s = esc(s); gsub(/-/, "\\-", s); return s }
    function flush() {
      if (head == "") return
      if (pending != "") { print pending; pending = "" }
      print ".TP"
      print "\\fB" term(head) "\\fR"
      if (text != "") print esc(text)
      head = ""; text = ""
    }
    NR == 1 || /^Usage:/ { next }
    /^[^ ].*:$/ {
      flush()
      title = substr($0, 1, length($0) - 1)
      if (title == "Examples" && mode == "sub") exit
      if (mode == "sub") { pending = ".PP\n\\fI" esc(title) "\\fR"; next }
      if (title == "Options") print ".SH OPTIONS"
      else if (title == "Positionals") print ".SH ARGUMENTS"
      else if (title == "Subcommands") print ".SH COMMANDS"
      else if (title == "Examples") print ".SH EXAMPLES"
      else print ".SS \"" esc(title) "\""
      next
    }
    /^Exit codes:/ { flush(); print ".SH \"EXIT STATUS\""; sub(/^Exit codes: */, ""); print esc($0); next }
    /^Documentation:/ {
      flush(); print ".SH \"SEE ALSO\""; sub(/^Documentation: */, ""); print esc($0); docs = 1; next
    }
    /^$/ { flush(); next }
    /^    / && head != "" { sub(/^ +/, ""); text = (text == "" ? $0 : text " " $0); next }
    /^  [^ ]/ {
      flush()
      line = substr($0, 3)
      split_at = match(line, /  +/)
      if (split_at) { head = substr(line, 1, split_at - 1); text = substr(line, split_at + RLENGTH) }
      else { head = line; text = "" }
      if (head ~ /^-h,--help/ && mode == "sub") head = ""
      next
    }
    docs { print esc($0); next }
    { flush(); print esc($0) }
    END { flush() }
  '
}

{
  echo ".TH DLCHECK 1 \"\" \"dlcheck $version\" \"User Commands\""
  echo ".SH NAME"
  printf '%s\n' "dlcheck \\- $(head -n 1 "$scratch/help" | sed 's/^dlcheck: //')"
  echo ".SH SYNOPSIS"
  echo ".B dlcheck"
  printf '%s\n' '[\fIOPTIONS\fR] \fIPATH\fR...'
  subcommands=$(awk '/^Subcommands:$/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' "$scratch/help")
  for name in $subcommands; do
    usage=$("$dlcheck" "$name" --help | sed -n 's/^Usage: dlcheck //p')
    echo ".br"
    echo ".B dlcheck $name"
    printf '%s\n' "$usage" | sed "s/^$name *//; s/-/\\\\-/g"
  done
  echo ".SH DESCRIPTION"
  echo "dlcheck checks a deep-learning project's evidence record (evidence.json) and the files it names"
  echo "against the project checklist of the roadmap. The exit code is the gate: see EXIT STATUS."
  for name in $subcommands; do
    echo ".SS \"dlcheck $name\""
    "$dlcheck" "$name" --help | help_to_roff sub
  done >"$scratch/subcommands"
  # Each subcommand's own options go at the end of COMMANDS, before EXAMPLES.
  help_to_roff main <"$scratch/help" | awk -v subs="$scratch/subcommands" '
    function insert() { while ((getline line <subs) > 0) print line; done = 1 }
    /^\.SH EXAMPLES/ && !done { insert() }
    { print }
    END { if (!done) insert() }
  '
  echo ".SH RULES"
  echo "Each rule with its default severity, the profiles that check it and what it checks;"
  printf '%s\n' '\fBdlcheck explain\fR \fIRULE\fR prints its documentation.'
  awk '
    NR == 1 { severity = index($0, "SEVERITY"); profiles = index($0, "PROFILES"); summary = index($0, "SUMMARY"); next }
    function trim(s) { sub(/^ +/, "", s); sub(/ +$/, "", s); return s }
    {
      id = trim(substr($0, 1, severity - 1)); gsub(/-/, "\\-", id)
      text = trim(substr($0, summary)); gsub(/\\/, "\\e", text)
      print ".TP"
      print "\\fB" id "\\fR (" trim(substr($0, severity, profiles - severity)) "; " trim(substr($0, profiles, summary - profiles)) ")"
      print text
    }
  ' "$scratch/rules"
  echo ".PP"
  echo "The installed documentation is in share/doc/dlcheck below the installation prefix (/usr for the"
  echo "Debian package)."
} >"$scratch/page"
mv "$scratch/page" "$output"
