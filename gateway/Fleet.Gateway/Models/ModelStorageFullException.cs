// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Models;

/// <summary>The models directory could not take the artifact (no space, quota, I/O error); nothing was kept.</summary>
public sealed class ModelStorageFullException : Exception
{
    public ModelStorageFullException()
    {
    }

    public ModelStorageFullException(string message) : base(message)
    {
    }

    public ModelStorageFullException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
