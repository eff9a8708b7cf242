# Sourced by ./zaiko and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, else the newest JDK under /usr/lib/jvm, else `java` on PATH.

zaiko_java_major() {
  # Prints the major version of the JDK at $1 (reads its `release` file, falls back to `java -version`).
  local home="$1" version=""
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$version" ] && [ -x "$home/bin/java" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  fi
  version="${version#1.}"
  echo "${version%%[.+-]*}"
}

zaiko_find_jdk() {
  local required=21 best="" best_major=0 candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(zaiko_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$required" ] 2>/dev/null; then
      export JAVA_HOME; return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(zaiko_java_major "$candidate")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$required" ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(zaiko_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$required" ] 2>/dev/null; then best="$candidate"; fi
  fi
  if [ -z "$best" ]; then
    echo "zaiko: no JDK >= $required found (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
