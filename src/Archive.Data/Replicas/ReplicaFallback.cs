using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Archive.Data.Replicas;

/// <summary>
/// Opens a replica context's connection on the replica, or on the primary when the replica is known to be unusable or the
/// open fails (down, still starting, not yet holding the database). Nothing has been sent when an open fails, so answering
/// from the primary instead is always safe: a replica going away costs reads one failed connect, never an error.
/// </summary>
internal sealed class ReplicaFallback(ReadReplica replica) : DbConnectionInterceptor
{
    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (Target(connection) == replica.ReplicaConnectionString)
        {
            try
            {
                connection.Open();
                return InterceptionResult.Suppress();
            }
            catch (NpgsqlException e)
            {
                replica.MarkDown(e.Message);
                Point(connection, replica.PrimaryConnectionString);
            }
        }
        return result;
    }

    public override async ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Target(connection) == replica.ReplicaConnectionString)
        {
            try
            {
                await connection.OpenAsync(cancellationToken);
                return InterceptionResult.Suppress();
            }
            catch (NpgsqlException e)
            {
                replica.MarkDown(e.Message);
                Point(connection, replica.PrimaryConnectionString);
            }
        }
        return result;
    }

    /// <summary>Each open decides afresh: a pooled context that fell back once goes to the replica again when it is back.</summary>
    private string Target(DbConnection connection)
    {
        var target = replica.Usable ? replica.ReplicaConnectionString : replica.PrimaryConnectionString;
        Point(connection, target);
        return target;
    }

    private static void Point(DbConnection connection, string connectionString)
    {
        if (connection.ConnectionString != connectionString)
        {
            connection.ConnectionString = connectionString;
        }
    }
}
