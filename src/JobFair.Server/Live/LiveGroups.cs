namespace JobFair.Server.Live;

/// <summary>The hub's group names: one place, so that senders and the hub cannot disagree.</summary>
public static class LiveGroups
{
    public static string User(Guid id) => $"user:{id}";
    public static string Employer(Guid id) => $"employer:{id}";
    public static string University(Guid id) => $"university:{id}";
    public static string Fair(Guid id) => $"fair:{id}";
    public static string Position(Guid id) => $"position:{id}";
}
