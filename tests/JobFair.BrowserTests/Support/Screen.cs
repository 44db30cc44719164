namespace JobFair.BrowserTests.Support;

/// <summary>The two sizes every page is checked at: a cheap phone and a laptop.</summary>
public sealed record Screen(string Name, int Width, int Height)
{
    public static readonly Screen Phone = new("phone", 360, 740);
    public static readonly Screen Desktop = new("desktop", 1280, 800);

    public static readonly Screen[] Both = [Phone, Desktop];

    public Screen Other => this == Phone ? Desktop : Phone;

    /// <summary>For theories, whose data must be serialisable: the screen of that name.</summary>
    public static Screen Named(string name) => Both.Single(s => s.Name == name);

    public override string ToString() => Name;
}
