#!/usr/bin/env bash
# Prepares a running Payara Server (Full) domain for Parley and deploys the EAR:
#   1. the PostgreSQL JDBC driver into the domain's common libraries (add-library), unless PARLEY_DB=h2;
#   2. the ActiveMQ resource adapter (a standalone RAR named activemq-rar-6.1.8, the name the application's
#      JMS resources use) and its configuration: an external broker over TCP, or an embedded one;
#   3. the JDBC pool parley-pool and the resource jdbc/parley (PostgreSQL, or H2 in the domain directory);
#   4. the configuration keys (config/CONFIGURATION.md) as system properties of the server, plus
#      xmpp.connector.resource-adapter=parley#parley-connector: the name of the connector embedded in the EAR;
#   5. deploy parley.ear (application name "parley", from its application.xml).
# Passwords go into password aliases, never into domain.xml or onto a command line.
#
# Environment:
#   ASADMIN                path to the server's bin/asadmin (default: asadmin on PATH)
#   ASADMIN_OPTS           options for every asadmin call, e.g. "--host localhost --port 4848 --user admin --passwordfile /root/as.pw"
#   PARLEY_EAR             the EAR (default: ear/target/parley.ear of this repository)
#   ACTIVEMQ_RAR           activemq-rar-6.1.8.rar (org.apache.activemq:activemq-rar:6.1.8:rar from Maven Central)
#   PARLEY_DB              postgresql (default) or h2
#   POSTGRESQL_JAR         the JDBC driver jar (org.postgresql:postgresql), for PARLEY_DB=postgresql
#   PARLEY_DB_URL          jdbc:postgresql://db.example.com:5432/parley
#   PARLEY_DB_USER, PARLEY_DB_PASSWORD
#   PARLEY_BROKER_URL      tcp://mq.example.com:61616; "embedded" (default) runs a non-persistent broker in the server
#   PARLEY_BROKER_USER, PARLEY_BROKER_PASSWORD
#   PARLEY_PROPERTIES      a properties file of configuration keys (xmpp.domain=..., xmpp.tls.keystore=...)
#
# Re-running it is safe: existing resources are kept (delete them first to change them), system
# properties are updated, and the EAR is redeployed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ASADMIN=${ASADMIN:-asadmin}
read -r -a OPTS <<< "${ASADMIN_OPTS:-}"
PARLEY_EAR=${PARLEY_EAR:-$here/../ear/target/parley.ear}
PARLEY_DB=${PARLEY_DB:-postgresql}
PARLEY_BROKER_URL=${PARLEY_BROKER_URL:-embedded}
RA=activemq-rar-6.1.8

as() { "$ASADMIN" "${OPTS[@]}" "$@"; }
# asadmin property syntax: name=value pairs separated by ':'; '\', ':' and '=' in values are escaped
esc() { local v=${1//\\/\\\\}; v=${v//:/\\:}; v=${v//=/\\=}; printf '%s' "$v"; }
need() { [ -n "${!1:-}" ] || { echo "payara-server-setup: $1 is not set" >&2; exit 2; }; }
# password aliases: created, or updated when they exist
alias_set() {
  local name=$1 value=$2 pwfile opts=() i
  pwfile=$(mktemp); chmod 600 "$pwfile"
  # the same options, with a password file that has the admin password file's entries and the alias password
  for ((i = 0; i < ${#OPTS[@]}; i++)); do
    if [ "${OPTS[$i]}" = --passwordfile ]; then
      i=$((i + 1)); [ -f "${OPTS[$i]}" ] && cat "${OPTS[$i]}" >> "$pwfile"
    else
      opts+=("${OPTS[$i]}")
    fi
  done
  printf 'AS_ADMIN_ALIASPASSWORD=%s\n' "$value" >> "$pwfile"
  if as list-password-aliases 2>/dev/null | grep -qx "$name"; then
    "$ASADMIN" "${opts[@]}" --passwordfile "$pwfile" update-password-alias "$name" >/dev/null
  else
    "$ASADMIN" "${opts[@]}" --passwordfile "$pwfile" create-password-alias "$name" >/dev/null
  fi
  rm -f "$pwfile"
}

need ACTIVEMQ_RAR
[ -f "$PARLEY_EAR" ] || { echo "payara-server-setup: no EAR at $PARLEY_EAR (mvn -B install -DskipTests builds it)" >&2; exit 2; }

# 1. JDBC driver
if [ "$PARLEY_DB" = postgresql ]; then
  need POSTGRESQL_JAR; need PARLEY_DB_URL; need PARLEY_DB_USER; need PARLEY_DB_PASSWORD
  if ! as list-libraries --type common | grep -q "^$(basename "$POSTGRESQL_JAR")$"; then
    as add-library --type common "$POSTGRESQL_JAR"
  fi
fi

# 2. JMS: the ActiveMQ resource adapter
if ! as list-applications 2>/dev/null | grep -q "^$RA "; then
  as deploy --type rar --name "$RA" "$ACTIVEMQ_RAR"
fi
if ! as list-resource-adapter-configs | grep -qx "$RA"; then
  if [ "$PARLEY_BROKER_URL" = embedded ]; then
    as create-resource-adapter-config --property "ServerUrl=$(esc 'vm://localhost?broker.persistent=false&broker.useJmx=false'):UserName=defaultUser:Password=defaultPassword" "$RA"
  else
    alias_set parley-broker-password "${PARLEY_BROKER_PASSWORD:-}"
    as create-resource-adapter-config --property "ServerUrl=$(esc "$PARLEY_BROKER_URL"):UserName=$(esc "${PARLEY_BROKER_USER:-parley}"):Password=$(esc '${ALIAS=parley-broker-password}')" "$RA"
  fi
fi

# 3. Database
if ! as list-jdbc-connection-pools | grep -qx parley-pool; then
  if [ "$PARLEY_DB" = postgresql ]; then
    alias_set parley-db-password "$PARLEY_DB_PASSWORD"
    as create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource \
      --steadypoolsize 8 --maxpoolsize 64 --isconnectvalidatereq true --validationmethod custom-validation \
      --validationclassname org.glassfish.api.jdbc.validation.PostgresConnectionValidation --failconnection true \
      --property "url=$(esc "$PARLEY_DB_URL"):user=$(esc "$PARLEY_DB_USER"):password=$(esc '${ALIAS=parley-db-password}')" parley-pool
  else
    # H2 (shipped with Payara Server) in the domain directory; WRITE_DELAY=0: an acknowledged write survives kill -9
    as create-jdbc-connection-pool --datasourceclassname org.h2.jdbcx.JdbcDataSource --restype javax.sql.DataSource \
      --property "url=$(esc 'jdbc:h2:${com.sun.aas.instanceRoot}/lib/databases/parley;WRITE_DELAY=0')" parley-pool
  fi
  as ping-connection-pool parley-pool
fi
if ! as list-jdbc-resources | grep -qx jdbc/parley; then
  as create-jdbc-resource --connectionpoolid parley-pool jdbc/parley
fi

# 4. Configuration keys as system properties (no restart needed; list them with list-system-properties)
props="xmpp.connector.resource-adapter=$(esc 'parley#parley-connector')"
if [ -n "${PARLEY_PROPERTIES:-}" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    case "$line" in ''|'#'*|'!'*) continue ;; esac
    key=${line%%=*}; value=${line#*=}
    key=$(printf '%s' "$key" | sed 's/[[:space:]]*$//'); value=$(printf '%s' "$value" | sed 's/^[[:space:]]*//')
    props="$props:$key=$(esc "$value")"
  done < "$PARLEY_PROPERTIES"
fi
as create-system-properties "$props"

# 5. The application
as deploy --force=true "$PARLEY_EAR"
echo "payara-server-setup: parley deployed"
