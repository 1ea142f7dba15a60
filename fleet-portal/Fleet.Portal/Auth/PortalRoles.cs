// SPDX-License-Identifier: MIT
namespace Fleet.Portal;

/// <summary>The two roles and the authorization policies built on them.</summary>
public static class PortalRoles
{
    /// <summary>Sees everything, changes nothing.</summary>
    public const string Viewer = "viewer";

    /// <summary>Also changes configurations, models and rollouts.</summary>
    public const string Operator = "operator";

    /// <summary>Policy every page needs: a signed-in user of either role.</summary>
    public const string ViewerPolicy = "FleetPortalViewer";

    /// <summary>Policy every change (POST) needs.</summary>
    public const string OperatorPolicy = "FleetPortalOperator";

    /// <summary>Whether <paramref name="role"/> is one of the two (case-insensitive).</summary>
    public static bool IsKnown(string? role) =>
        string.Equals(role, Viewer, StringComparison.OrdinalIgnoreCase)
        || string.Equals(role, Operator, StringComparison.OrdinalIgnoreCase);
}
