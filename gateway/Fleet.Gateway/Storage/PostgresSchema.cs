// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Storage;

/// <summary>
/// The PostgreSQL schema, step by step, numbered like <see cref="SqliteSchema"/> (the same version means the same
/// tables and columns). Every integer is BIGINT, so the shared statements read every column as a 64-bit integer
/// exactly as SQLite returns them. Never edit a released step, add one.
/// </summary>
public static class PostgresSchema
{
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "devices, uplinks, dedup ledger, retained messages",
            """
            -- COLLATE "C": ORDER BY id compares bytes, as SQLite does, whatever the server's locale.
            CREATE TABLE devices (
                id                           TEXT COLLATE "C" PRIMARY KEY,
                secret_salt                  BYTEA NOT NULL,
                secret_hash                  BYTEA NOT NULL,
                provisioned_at_ms            BIGINT NOT NULL,
                last_seen_ms                 BIGINT,
                state                        BIGINT,
                next_wake_at_ms              BIGINT,
                next_wake_s                  BIGINT,
                battery_mv                   BIGINT,
                soc_pm                       BIGINT,
                temperature_cc               BIGINT,
                firmware_version             TEXT,
                last_detection_at_ms         BIGINT,
                last_detection_detector      BIGINT,
                last_detection_boxes         BIGINT,
                last_detection_top_label     TEXT,
                last_detection_top_score_pmy BIGINT
            );

            -- The dedup ledger: one row per (device, type, seq) ever stored; QoS 1 redeliveries hit the key.
            CREATE TABLE uplink_ledger (
                device_id      TEXT NOT NULL,
                type           BIGINT NOT NULL,
                seq            BIGINT NOT NULL,
                received_at_ms BIGINT NOT NULL,
                PRIMARY KEY (device_id, type, seq)
            );

            CREATE TABLE telemetry (
                id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                device_id        TEXT NOT NULL,
                seq              BIGINT NOT NULL,
                received_at_ms   BIGINT NOT NULL,
                device_time_ms   BIGINT NOT NULL,
                battery_mv       BIGINT NOT NULL,
                soc_pm           BIGINT NOT NULL,
                temperature_cc   BIGINT NOT NULL,
                charge_used_uah  BIGINT NOT NULL,
                wake_count       BIGINT NOT NULL,
                uptime_s         BIGINT NOT NULL,
                firmware_version TEXT NOT NULL,
                model_id         TEXT NOT NULL,
                model_version    BIGINT NOT NULL,
                rssi_dbm         BIGINT NOT NULL
            );
            CREATE INDEX telemetry_device_time ON telemetry (device_id, received_at_ms);

            CREATE TABLE detections (
                id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                device_id      TEXT NOT NULL,
                seq            BIGINT NOT NULL,
                received_at_ms BIGINT NOT NULL,
                device_time_ms BIGINT NOT NULL,
                detector       BIGINT NOT NULL,
                boxes_json     TEXT NOT NULL,
                model_id       TEXT NOT NULL,
                model_version  BIGINT NOT NULL,
                inference_us   BIGINT NOT NULL,
                inference_macs BIGINT NOT NULL,
                energy_uj      BIGINT NOT NULL
            );
            CREATE INDEX detections_device_time ON detections (device_id, received_at_ms);

            CREATE TABLE statuses (
                id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                device_id        TEXT NOT NULL,
                seq              BIGINT NOT NULL,
                received_at_ms   BIGINT NOT NULL,
                device_time_ms   BIGINT NOT NULL,
                state            BIGINT NOT NULL,
                firmware_version TEXT NOT NULL,
                wake_reason      BIGINT NOT NULL,
                next_wake_s      BIGINT NOT NULL
            );
            CREATE INDEX statuses_device_time ON statuses (device_id, received_at_ms);

            -- Latest reported config per device (the topic is retained, so only the last one matters).
            CREATE TABLE reported_configs (
                device_id           TEXT PRIMARY KEY,
                received_at_ms      BIGINT NOT NULL,
                config_version      BIGINT NOT NULL,
                wake_interval_s     BIGINT NOT NULL,
                telemetry_every     BIGINT NOT NULL,
                score_threshold_pmy BIGINT NOT NULL,
                detector            BIGINT NOT NULL,
                model_id            TEXT NOT NULL,
                model_version       BIGINT NOT NULL,
                report_empty        BIGINT NOT NULL,
                apply_result        BIGINT NOT NULL
            );

            -- OTA requests and results as a plain log until rollouts have their own model.
            CREATE TABLE ota_log (
                id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                device_id            TEXT NOT NULL,
                received_at_ms       BIGINT NOT NULL,
                type                 BIGINT NOT NULL,
                offer_id             BIGINT NOT NULL,
                chunk_offset         BIGINT,
                chunk_length         BIGINT,
                code                 BIGINT,
                active_model_version BIGINT
            );
            CREATE INDEX ota_log_device_offer ON ota_log (device_id, offer_id);

            -- The embedded broker's retained messages, so a sleeping device still finds its desired config after a
            -- gateway restart.
            CREATE TABLE retained_messages (
                topic         TEXT PRIMARY KEY,
                payload       BYTEA NOT NULL,
                qos           BIGINT NOT NULL,
                updated_at_ms BIGINT NOT NULL
            );
            """),
        new(2, "hourly telemetry aggregates, retention indexes",
            """
            CREATE TABLE telemetry_hourly (
                device_id          TEXT NOT NULL,
                hour_start_ms      BIGINT NOT NULL,
                samples            BIGINT NOT NULL,
                battery_mv_min     BIGINT NOT NULL,
                battery_mv_max     BIGINT NOT NULL,
                battery_mv_sum     BIGINT NOT NULL,
                soc_pm_min         BIGINT NOT NULL,
                soc_pm_max         BIGINT NOT NULL,
                soc_pm_sum         BIGINT NOT NULL,
                temperature_cc_min BIGINT NOT NULL,
                temperature_cc_max BIGINT NOT NULL,
                temperature_cc_sum BIGINT NOT NULL,
                PRIMARY KEY (device_id, hour_start_ms)
            );
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
                model_version   BIGINT NOT NULL,
                sha256          TEXT NOT NULL,
                size_bytes      BIGINT NOT NULL,
                key_id          TEXT NOT NULL,
                signature       TEXT NOT NULL,
                scheme          BIGINT NOT NULL,
                arena_bytes     BIGINT NOT NULL,
                flash_bytes     BIGINT NOT NULL,
                file_name       TEXT NOT NULL,
                uploaded_at_ms  BIGINT NOT NULL,
                PRIMARY KEY (model_id, model_version)
            );
            -- A rollout's whole state (waves, per-device progress) as one JSON document, written on every change.
            CREATE TABLE rollouts (
                id              TEXT PRIMARY KEY NOT NULL,
                model_id        TEXT NOT NULL,
                model_version   BIGINT NOT NULL,
                state           TEXT NOT NULL,
                created_at_ms   BIGINT NOT NULL,
                updated_at_ms   BIGINT NOT NULL,
                document        TEXT NOT NULL
            );
            CREATE INDEX rollouts_state ON rollouts (state);
            """),
        new(4, "optional v1 fields: drop counters, wake ledger, config reject reason, quiet hours",
            """
            -- Telemetry keys 16/17 (running totals) and 15 (charge per ledger state, "uc0,...,uc7" in
            -- WakeLedgerState order); NULL where the device did not send them. The hourly aggregates leave them out.
            ALTER TABLE telemetry ADD COLUMN dropped_telemetry BIGINT;
            ALTER TABLE telemetry ADD COLUMN dropped_detections BIGINT;
            ALTER TABLE telemetry ADD COLUMN wake_ledger_uc TEXT;
            -- The latest of each, and the drop counters of the telemetry before (for the data-dropped alert).
            ALTER TABLE devices ADD COLUMN dropped_telemetry BIGINT;
            ALTER TABLE devices ADD COLUMN dropped_detections BIGINT;
            ALTER TABLE devices ADD COLUMN dropped_telemetry_before BIGINT;
            ALTER TABLE devices ADD COLUMN dropped_detections_before BIGINT;
            ALTER TABLE devices ADD COLUMN wake_ledger_uc TEXT;
            ALTER TABLE devices ADD COLUMN wake_ledger_at_ms BIGINT;
            -- Reported config keys 12-14.
            ALTER TABLE reported_configs ADD COLUMN reject_reason TEXT;
            ALTER TABLE reported_configs ADD COLUMN quiet_start_min BIGINT;
            ALTER TABLE reported_configs ADD COLUMN quiet_end_min BIGINT;
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
            ALTER TABLE desired_configs ADD COLUMN quiet_start_min BIGINT;
            ALTER TABLE desired_configs ADD COLUMN quiet_end_min BIGINT;
            """),
        new(5, "scale-out leases",
            """
            -- Scale-out (ScaleOut/): who runs the rollout ticks and alert passes, and which instances are alive.
            -- A lease is held until expires_at_ms unless renewed (SQLite gets the same table, unused).
            CREATE TABLE scaleout_leases (
                name            TEXT PRIMARY KEY,
                holder          TEXT NOT NULL,
                acquired_at_ms  BIGINT NOT NULL,
                expires_at_ms   BIGINT NOT NULL
            );
            """),
        new(6, "measured model figures (upload report)",
            """
            -- The optional report part of an upload (docs/rollouts.md): NULL when none was sent, i.e. not measured.
            ALTER TABLE models ADD COLUMN instructions_per_inference BIGINT;
            ALTER TABLE models ADD COLUMN instructions_source TEXT;
            ALTER TABLE models ADD COLUMN accuracy DOUBLE PRECISION;
            ALTER TABLE models ADD COLUMN accuracy_dataset TEXT;
            ALTER TABLE models ADD COLUMN accuracy_samples BIGINT;
            ALTER TABLE models ADD COLUMN report_tool TEXT;
            """),
        new(7, "retired devices",
            """
            -- When an operator took the device out of service (DELETE /api/devices/{id}); NULL while active. The row
            -- and its history stay: a retired device is refused at CONNECT and ingest, and rotating its secret
            -- returns it to service.
            ALTER TABLE devices ADD COLUMN retired_at_ms BIGINT;
            """),
        new(8, "device labels",
            """
            -- The group registry (PUT /api/devices/{id}/labels): 0-16 labels per device, replaced as a set. Rows stay
            -- when the device is retired (history), as its other rows do. The label index serves ?label= and
            -- rollout targets. COLLATE "C" as for devices.id: byte comparison, whatever the server's locale.
            CREATE TABLE device_labels (
                device_id   TEXT COLLATE "C" NOT NULL,
                label       TEXT COLLATE "C" NOT NULL,
                PRIMARY KEY (device_id, label)
            );
            CREATE INDEX device_labels_label ON device_labels (label);
            """),
    ];
}
