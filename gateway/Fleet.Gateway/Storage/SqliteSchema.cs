// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Storage;

/// <summary>
/// The SQLite schema, step by step. Step 1 is byte for byte the schema the first gateway wrote (files of that
/// build carry <c>PRAGMA user_version = 1</c> and no <c>schema_migrations</c> table); never edit a released step,
/// add one.
/// </summary>
public static class SqliteSchema
{
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "devices, uplinks, dedup ledger, retained messages",
            """
            CREATE TABLE devices (
                id                          TEXT PRIMARY KEY NOT NULL,
                secret_salt                 BLOB NOT NULL,
                secret_hash                 BLOB NOT NULL,
                provisioned_at_ms           INTEGER NOT NULL,
                last_seen_ms                INTEGER,
                state                       INTEGER,
                next_wake_at_ms             INTEGER,
                next_wake_s                 INTEGER,
                battery_mv                  INTEGER,
                soc_pm                      INTEGER,
                temperature_cc              INTEGER,
                firmware_version            TEXT,
                last_detection_at_ms        INTEGER,
                last_detection_detector     INTEGER,
                last_detection_boxes        INTEGER,
                last_detection_top_label    TEXT,
                last_detection_top_score_pmy INTEGER
            ) STRICT;

            -- The dedup ledger: one row per (device, type, seq) ever stored; QoS 1 redeliveries hit the key.
            CREATE TABLE uplink_ledger (
                device_id       TEXT NOT NULL,
                type            INTEGER NOT NULL,
                seq             INTEGER NOT NULL,
                received_at_ms  INTEGER NOT NULL,
                PRIMARY KEY (device_id, type, seq)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE telemetry (
                id               INTEGER PRIMARY KEY,
                device_id        TEXT NOT NULL,
                seq              INTEGER NOT NULL,
                received_at_ms   INTEGER NOT NULL,
                device_time_ms   INTEGER NOT NULL,
                battery_mv       INTEGER NOT NULL,
                soc_pm           INTEGER NOT NULL,
                temperature_cc   INTEGER NOT NULL,
                charge_used_uah  INTEGER NOT NULL,
                wake_count       INTEGER NOT NULL,
                uptime_s         INTEGER NOT NULL,
                firmware_version TEXT NOT NULL,
                model_id         TEXT NOT NULL,
                model_version    INTEGER NOT NULL,
                rssi_dbm         INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX telemetry_device_time ON telemetry (device_id, received_at_ms);

            CREATE TABLE detections (
                id              INTEGER PRIMARY KEY,
                device_id       TEXT NOT NULL,
                seq             INTEGER NOT NULL,
                received_at_ms  INTEGER NOT NULL,
                device_time_ms  INTEGER NOT NULL,
                detector        INTEGER NOT NULL,
                boxes_json      TEXT NOT NULL,
                model_id        TEXT NOT NULL,
                model_version   INTEGER NOT NULL,
                inference_us    INTEGER NOT NULL,
                inference_macs  INTEGER NOT NULL,
                energy_uj       INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX detections_device_time ON detections (device_id, received_at_ms);

            CREATE TABLE statuses (
                id               INTEGER PRIMARY KEY,
                device_id        TEXT NOT NULL,
                seq              INTEGER NOT NULL,
                received_at_ms   INTEGER NOT NULL,
                device_time_ms   INTEGER NOT NULL,
                state            INTEGER NOT NULL,
                firmware_version TEXT NOT NULL,
                wake_reason      INTEGER NOT NULL,
                next_wake_s      INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX statuses_device_time ON statuses (device_id, received_at_ms);

            -- Latest reported config per device (the topic is retained, so only the last one matters).
            CREATE TABLE reported_configs (
                device_id           TEXT PRIMARY KEY NOT NULL,
                received_at_ms      INTEGER NOT NULL,
                config_version      INTEGER NOT NULL,
                wake_interval_s     INTEGER NOT NULL,
                telemetry_every     INTEGER NOT NULL,
                score_threshold_pmy INTEGER NOT NULL,
                detector            INTEGER NOT NULL,
                model_id            TEXT NOT NULL,
                model_version       INTEGER NOT NULL,
                report_empty        INTEGER NOT NULL,
                apply_result        INTEGER NOT NULL
            ) STRICT;

            -- OTA requests and results as a plain log until rollouts have their own model.
            CREATE TABLE ota_log (
                id                   INTEGER PRIMARY KEY,
                device_id            TEXT NOT NULL,
                received_at_ms       INTEGER NOT NULL,
                type                 INTEGER NOT NULL,
                offer_id             INTEGER NOT NULL,
                chunk_offset         INTEGER,
                chunk_length         INTEGER,
                code                 INTEGER,
                active_model_version INTEGER
            ) STRICT;
            CREATE INDEX ota_log_device_offer ON ota_log (device_id, offer_id);

            -- The embedded broker's retained messages (desired configs, OTA offers, last statuses), so a sleeping
            -- device still finds its desired config after a gateway restart.
            CREATE TABLE retained_messages (
                topic       TEXT PRIMARY KEY NOT NULL,
                payload     BLOB NOT NULL,
                qos         INTEGER NOT NULL,
                updated_at_ms INTEGER NOT NULL
            ) STRICT;
            """),
        new(2, "hourly telemetry aggregates, retention indexes",
            """
            CREATE TABLE telemetry_hourly (
                device_id          TEXT NOT NULL,
                hour_start_ms      INTEGER NOT NULL,
                samples            INTEGER NOT NULL,
                battery_mv_min     INTEGER NOT NULL,
                battery_mv_max     INTEGER NOT NULL,
                battery_mv_sum     INTEGER NOT NULL,
                soc_pm_min         INTEGER NOT NULL,
                soc_pm_max         INTEGER NOT NULL,
                soc_pm_sum         INTEGER NOT NULL,
                temperature_cc_min INTEGER NOT NULL,
                temperature_cc_max INTEGER NOT NULL,
                temperature_cc_sum INTEGER NOT NULL,
                PRIMARY KEY (device_id, hour_start_ms)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX telemetry_hourly_hour ON telemetry_hourly (hour_start_ms);
            -- Retention deletes by age across all devices; the (device, time) indexes cannot serve that.
            CREATE INDEX telemetry_received ON telemetry (received_at_ms);
            CREATE INDEX detections_received ON detections (received_at_ms);
            """),
        new(3, "signed models, rollouts",
            """
            -- One row per accepted (verified, inspected) model artifact; the file lives under the data directory.
            CREATE TABLE models (
                model_id        TEXT NOT NULL,
                model_version   INTEGER NOT NULL,
                sha256          TEXT NOT NULL,
                size_bytes      INTEGER NOT NULL,
                key_id          TEXT NOT NULL,
                signature       TEXT NOT NULL,
                scheme          INTEGER NOT NULL,
                arena_bytes     INTEGER NOT NULL,
                flash_bytes     INTEGER NOT NULL,
                file_name       TEXT NOT NULL,
                uploaded_at_ms  INTEGER NOT NULL,
                PRIMARY KEY (model_id, model_version)
            ) STRICT;
            -- A rollout's whole state (waves, per-device progress) as one JSON document, written on every change.
            CREATE TABLE rollouts (
                id              TEXT PRIMARY KEY NOT NULL,
                model_id        TEXT NOT NULL,
                model_version   INTEGER NOT NULL,
                state           TEXT NOT NULL,
                created_at_ms   INTEGER NOT NULL,
                updated_at_ms   INTEGER NOT NULL,
                document        TEXT NOT NULL
            ) STRICT;
            CREATE INDEX rollouts_state ON rollouts (state);
            """),
        new(4, "optional v1 fields: drop counters, wake ledger, config reject reason, quiet hours",
            """
            -- Telemetry keys 16/17 (running totals) and 15 (charge per ledger state, "uc0,...,uc7" in
            -- WakeLedgerState order); NULL where the device did not send them. The hourly aggregates leave them out.
            ALTER TABLE telemetry ADD COLUMN dropped_telemetry INTEGER;
            ALTER TABLE telemetry ADD COLUMN dropped_detections INTEGER;
            ALTER TABLE telemetry ADD COLUMN wake_ledger_uc TEXT;
            -- The latest of each, and the drop counters of the telemetry before (for the data-dropped alert).
            ALTER TABLE devices ADD COLUMN dropped_telemetry INTEGER;
            ALTER TABLE devices ADD COLUMN dropped_detections INTEGER;
            ALTER TABLE devices ADD COLUMN dropped_telemetry_before INTEGER;
            ALTER TABLE devices ADD COLUMN dropped_detections_before INTEGER;
            ALTER TABLE devices ADD COLUMN wake_ledger_uc TEXT;
            ALTER TABLE devices ADD COLUMN wake_ledger_at_ms INTEGER;
            -- Reported config keys 12-14.
            ALTER TABLE reported_configs ADD COLUMN reject_reason TEXT;
            ALTER TABLE reported_configs ADD COLUMN quiet_start_min INTEGER;
            ALTER TABLE reported_configs ADD COLUMN quiet_end_min INTEGER;
            -- Desired config keys 13-14. The table belongs to ManagementSchema (created after the migrations), so
            -- a fresh database gets it here first, with the same DDL, and ManagementSchema's IF NOT EXISTS skips it.
            CREATE TABLE IF NOT EXISTS desired_configs (
                device_id           TEXT PRIMARY KEY NOT NULL,
                config_version      BIGINT NOT NULL,
                wake_interval_s     BIGINT NOT NULL,
                telemetry_every     INTEGER NOT NULL,
                score_threshold_pmy INTEGER NOT NULL,
                detector            INTEGER NOT NULL,
                model_id            TEXT NOT NULL,
                model_version       BIGINT NOT NULL,
                report_empty        INTEGER NOT NULL,
                updated_at_ms       BIGINT NOT NULL
            );
            ALTER TABLE desired_configs ADD COLUMN quiet_start_min INTEGER;
            ALTER TABLE desired_configs ADD COLUMN quiet_end_min INTEGER;
            """),
        new(5, "scale-out leases",
            """
            -- Scale-out needs PostgreSQL; the table exists here only so both stores keep the same numbered steps.
            CREATE TABLE scaleout_leases (
                name            TEXT PRIMARY KEY NOT NULL,
                holder          TEXT NOT NULL,
                acquired_at_ms  INTEGER NOT NULL,
                expires_at_ms   INTEGER NOT NULL
            );
            """),
        new(6, "measured model figures (upload report)",
            """
            -- The optional report part of an upload (docs/rollouts.md): NULL when none was sent, i.e. not measured.
            ALTER TABLE models ADD COLUMN instructions_per_inference INTEGER;
            ALTER TABLE models ADD COLUMN instructions_source TEXT;
            ALTER TABLE models ADD COLUMN accuracy REAL;
            ALTER TABLE models ADD COLUMN accuracy_dataset TEXT;
            ALTER TABLE models ADD COLUMN accuracy_samples INTEGER;
            ALTER TABLE models ADD COLUMN report_tool TEXT;
            """),
        new(7, "retired devices",
            """
            -- When an operator took the device out of service (DELETE /api/devices/{id}); NULL while active. The row
            -- and its history stay: a retired device is refused at CONNECT and ingest, and rotating its secret
            -- returns it to service.
            ALTER TABLE devices ADD COLUMN retired_at_ms INTEGER;
            """),
        new(8, "device labels",
            """
            -- The group registry (PUT /api/devices/{id}/labels): 0-16 labels per device, replaced as a set. Rows stay
            -- when the device is retired (history), as its other rows do. The label index serves ?label= and
            -- rollout targets.
            CREATE TABLE device_labels (
                device_id   TEXT NOT NULL,
                label       TEXT NOT NULL,
                PRIMARY KEY (device_id, label)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX device_labels_label ON device_labels (label);
            """),
    ];
}
