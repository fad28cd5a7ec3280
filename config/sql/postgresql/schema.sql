-- Parley: the tables of the persistence unit "parley" for PostgreSQL, generated from the entities by
-- EclipseLink's DDL generation. Do not edit: regenerate it (config/SCHEMA.md says how).
-- Apply it to an empty database as the application's role:  psql -v ON_ERROR_STOP=1 -f schema.sql
CREATE TABLE xmpp_account (USERNAME VARCHAR(1023) NOT NULL, CREATED TIMESTAMP NOT NULL, DISABLED BOOLEAN NOT NULL, ITERATIONS INTEGER NOT NULL, plain_password VARCHAR(1023), sha1_salt BYTEA NOT NULL, sha1_server_key BYTEA NOT NULL, sha1_stored_key BYTEA NOT NULL, sha256_salt BYTEA NOT NULL, sha256_server_key BYTEA NOT NULL, sha256_stored_key BYTEA NOT NULL, VERSION BIGINT, PRIMARY KEY (USERNAME));
CREATE TABLE xmpp_block_item (ID BIGINT NOT NULL, JID VARCHAR(3071) NOT NULL, USERNAME VARCHAR(1023) NOT NULL, PRIMARY KEY (ID));
CREATE TABLE xmpp_offline_message (ID BIGINT NOT NULL, STANZA TEXT NOT NULL, STORED TIMESTAMP NOT NULL, USERNAME VARCHAR(1023) NOT NULL, PRIMARY KEY (ID));
CREATE TABLE xmpp_roster (OWNER VARCHAR(1023) NOT NULL, CONTACT VARCHAR(3071) NOT NULL, APPROVED BOOLEAN NOT NULL, group_names VARCHAR(16384), HIDDEN BOOLEAN NOT NULL, NAME VARCHAR(4096), pending_stanza VARCHAR(16384), removed_version BIGINT NOT NULL, STATE VARCHAR(24), VERSION BIGINT NOT NULL, PRIMARY KEY (OWNER, CONTACT));
CREATE TABLE xmpp_setting (NAME VARCHAR(255) NOT NULL, setting_value VARCHAR(4096), PRIMARY KEY (NAME));
CREATE TABLE xmpp_shared_group (NAME VARCHAR(255) NOT NULL, display_name VARCHAR(1023) NOT NULL, EVERYONE BOOLEAN NOT NULL, visible_to VARCHAR(16384), PRIMARY KEY (NAME));
CREATE TABLE xmpp_shared_group_member (group_name VARCHAR(255) NOT NULL, USERNAME VARCHAR(1023) NOT NULL, PRIMARY KEY (group_name, USERNAME));
CREATE TABLE xmpp_vcard (USERNAME VARCHAR(1023) NOT NULL, UPDATED TIMESTAMP NOT NULL, XML TEXT NOT NULL, PRIMARY KEY (USERNAME));
CREATE INDEX xmpp_block_item_user ON xmpp_block_item (username);
CREATE INDEX xmpp_offline_message_user ON xmpp_offline_message (username, id);
CREATE INDEX xmpp_shared_group_member_user ON xmpp_shared_group_member (username);
CREATE SEQUENCE xmpp_block_item_seq INCREMENT BY 50 START WITH 50;
CREATE SEQUENCE xmpp_offline_message_seq INCREMENT BY 50 START WITH 50;
