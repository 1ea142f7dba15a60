// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Detect;

/// <summary><c>fl_haar_mode_t</c>: which detector semantics <c>fl_haar_detect</c> reproduces.</summary>
public enum HaarMode
{
    /// <summary>OpenMV firmware 3.0 <c>find_features()</c>, bit for bit.</summary>
    Camera = 0,
    /// <summary>OpenCV 4.6 <c>CascadeClassifier::detectMultiScale()</c> for stump cascades.</summary>
    OpenCv = 1,
}
