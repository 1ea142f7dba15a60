// SPDX-License-Identifier: MIT
using Fleet.Thermal.Omron;

namespace Fleet.Thermal.Evaluation;

/// <summary>
/// Runs the 4x4 detector over labelled Omron recordings the way a deployed sensor sees a room: the recordings of
/// one room and day are played back-to-back in time order through one detector (cold start at the start of each
/// day), and every packet-good frame's presence output is compared with the file's label. Packet-error rows are
/// skipped, as firmware drops a frame whose PEC fails.
/// </summary>
public static class PresenceEvaluator
{
    /// <summary>Frame-level counts of <paramref name="options"/> on <paramref name="recordings"/>.</summary>
    public static PresenceCounts Run(IEnumerable<LabelledRecording> recordings, ThermalDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        ArgumentNullException.ThrowIfNull(options);
        long tp = 0, fp = 0, tn = 0, fn = 0;
        using var detector = new ThermalDetector(4, 4, options);
        foreach (var day in recordings.GroupBy(r => (r.Room, r.Day)).OrderBy(g => g.Key.Room, StringComparer.Ordinal).ThenBy(g => g.Key.Day))
        {
            detector.Reset();
            foreach (LabelledRecording rec in day.OrderBy(r => r.Recording.Start))
            {
                foreach (OmronFrame frame in rec.Recording.ValidFrames)
                {
                    bool present = detector.ProcessPresence(frame.PixelsCc, frame.AmbientCc);
                    if (present && rec.PersonPresent) tp++;
                    else if (present) fp++;
                    else if (rec.PersonPresent) fn++;
                    else tn++;
                }
            }
        }
        return new PresenceCounts(tp, fp, tn, fn);
    }

    /// <summary>
    /// Leave-one-room-out: for each room, pick the grid point with the best balanced accuracy on the other rooms
    /// (ties: better F1, then grid order, see <see cref="PresenceGridPoint.Grid"/>) and report it on the held-out room, which the choice never saw.
    /// </summary>
    public static IReadOnlyList<RoomFold> LeaveOneRoomOut(IReadOnlyList<LabelledRecording> recordings, IReadOnlyList<PresenceGridPoint> grid)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        ArgumentNullException.ThrowIfNull(grid);
        string[] rooms = recordings.Select(r => r.Room).Distinct().Order(StringComparer.Ordinal).ToArray();
        ThermalDetectorOptions defaults = ThermalDetectorOptions.Defaults(4, 4);
        // Each room's counts per grid point, computed once: a fold's training score is the pool of the other rooms.
        var perRoom = grid.Select(p => rooms.ToDictionary(room => room,
            room => Run(recordings.Where(r => r.Room == room), p.Apply(defaults)), StringComparer.Ordinal)).ToArray();
        var folds = new List<RoomFold>();
        foreach (string heldOut in rooms)
        {
            int best = -1;
            PresenceCounts bestTraining = PresenceCounts.Empty;
            for (int i = 0; i < grid.Count; i++)
            {
                PresenceCounts training = rooms.Where(r => r != heldOut).Aggregate(PresenceCounts.Empty, (acc, r) => acc + perRoom[i][r]);
                if (best < 0 || training.BalancedAccuracy > bestTraining.BalancedAccuracy ||
                    (training.BalancedAccuracy == bestTraining.BalancedAccuracy && training.F1 > bestTraining.F1))
                {
                    best = i;
                    bestTraining = training;
                }
            }
            // The points the training room cannot tell apart from the chosen one, and what they give on the held-out
            // room: the report shows how much of the figure rests on the tie-break.
            var tied = Enumerable.Range(0, grid.Count).Where(i =>
            {
                PresenceCounts t = rooms.Where(r => r != heldOut).Aggregate(PresenceCounts.Empty, (acc, r) => acc + perRoom[i][r]);
                return t.BalancedAccuracy == bestTraining.BalancedAccuracy && t.F1 == bestTraining.F1;
            }).Select(i => perRoom[i][heldOut].BalancedAccuracy).ToArray();
            folds.Add(new RoomFold(heldOut, grid[best], bestTraining, perRoom[best][heldOut])
            {
                TiedPoints = tied.Length,
                TiedHeldOutMinBalancedAccuracy = tied.Min(),
                TiedHeldOutMaxBalancedAccuracy = tied.Max(),
            });
        }
        return folds;
    }
}
