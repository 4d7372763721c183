# Sourced by ./cycler and ./mvnw: makes JAVA_HOME point at a JDK >= 21.
# Looks in JAVA_HOME, then at the java on PATH, then in the system's JVM directory
# (/usr/lib/jvm, /usr/java, /opt/java, /Library/Java/JavaVirtualMachines), newest first.
# Exits with a clear message when there is none.

cycler_required_java=21

cycler_java_feature() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

cycler_is_jdk() { # $1 = a JAVA_HOME candidate; true when it has java and javac >= required
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  v=$(cycler_java_feature "$1/bin/java")
  [ -n "$v" ] && [ "$v" -ge "$cycler_required_java" ]
}

cycler_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && cycler_is_jdk "$JAVA_HOME"; then
    return 0
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(cd "$(dirname "$(readlink -f "$(command -v java)")")/.." && pwd)
    if cycler_is_jdk "$candidate"; then
      JAVA_HOME=$candidate
      return 0
    fi
  fi
  for root in /usr/lib/jvm /usr/java /opt/java /Library/Java/JavaVirtualMachines; do
    [ -d "$root" ] || continue
    for candidate in $(find "$root" -mindepth 1 -maxdepth 1 \( -type d -o -type l \) 2>/dev/null | sort -rV); do
      [ -d "$candidate/Contents/Home" ] && candidate=$candidate/Contents/Home
      if cycler_is_jdk "$candidate"; then
        JAVA_HOME=$candidate
        return 0
      fi
    done
  done
  echo "cycler: no JDK $cycler_required_java or newer found (looked at JAVA_HOME, the java on PATH, /usr/lib/jvm)." >&2
  echo "cycler: install one (e.g. 'apt-get install openjdk-21-jdk-headless') or set JAVA_HOME to it." >&2
  exit 1
}

cycler_find_jdk
export JAVA_HOME
