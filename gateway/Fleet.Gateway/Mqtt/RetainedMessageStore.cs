// SPDX-License-Identifier: MIT
using System.Buffers;
using Fleet.Gateway.Storage;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// Persists the embedded broker's retained messages in the store (SQLite or PostgreSQL). MQTTnet keeps them in memory only, and the
/// sleepy-device scheme (docs/protocol.md §1.2) relies on a retained desired config outliving a gateway restart.
/// </summary>
public sealed class RetainedMessageStore(FleetDatabase database, TimeProvider time)
{
    /// <summary>Every stored retained message, for the broker to load at start.</summary>
    public async Task<List<MqttApplicationMessage>> LoadAsync(CancellationToken cancellationToken)
    {
        var messages = new List<MqttApplicationMessage>();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT topic, payload, qos FROM retained_messages ORDER BY topic;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(new MqttApplicationMessageBuilder()
                .WithTopic(reader.GetString(0))
                .WithPayload((byte[])reader.GetValue(1))
                .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)reader.GetInt64(2))
                .WithRetainFlag()
                .Build());
        }

        return messages;
    }

    /// <summary>Stores or (for an empty payload, MQTT's "clear") deletes the retained message of a topic.</summary>
    public async Task SaveAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        if (message.Payload.IsEmpty)
        {
            command.CommandText = "DELETE FROM retained_messages WHERE topic = @topic;";
        }
        else
        {
            command.CommandText = """
                INSERT INTO retained_messages (topic, payload, qos, updated_at_ms) VALUES (@topic, @payload, @qos, @now)
                ON CONFLICT (topic) DO UPDATE SET payload = excluded.payload, qos = excluded.qos,
                    updated_at_ms = excluded.updated_at_ms;
                """;
            command.With("@payload", message.Payload.ToArray());
            command.With("@qos", (long)message.QualityOfServiceLevel);
            command.With("@now", time.GetUtcNow().ToUnixTimeMilliseconds());
        }

        command.With("@topic", message.Topic);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets every retained message (the broker's "clear all").</summary>
    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM retained_messages;";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
