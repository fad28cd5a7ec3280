-- Parley: the tables of the persistence unit "parley" for PostgreSQL, generated from the entities by
-- EclipseLink's DDL generation. Do not edit: regenerate it (config/SCHEMA.md says how).
-- Apply it to an empty database as the application's role:  psql -v ON_ERROR_STOP=1 -f schema.sql
CREATE TABLE xmpp_account (USERNAME VARCHAR(1023) NOT NULL, CREATED BYTEA NOT NULL, DISABLED BOOLEAN NOT NULL, ITERATIONS INTEGER NOT NULL, sha1_salt BYTEA NOT NULL, sha1_server_key BYTEA NOT NULL, sha1_stored_key BYTEA NOT NULL, sha256_salt BYTEA NOT NULL, sha256_server_key BYTEA NOT NULL, sha256_stored_key BYTEA NOT NULL, VERSION BIGINT, PRIMARY KEY (USERNAME));
