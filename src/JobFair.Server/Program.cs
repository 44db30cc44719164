using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Demo;
using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Fairs.Booths;
using JobFair.Server.Features.Guidance;
using JobFair.Server.Features.Guidance.Pushes;
using JobFair.Server.Features.Guidance.Reminders;
using JobFair.Server.Features.Interviews;
using JobFair.Server.Features.Positions;
using JobFair.Server.Features.Stats;
using JobFair.Server.Features.Notifications;
using JobFair.Server.Features.Students;
using JobFair.Server.Features.Universities;
using JobFair.Server.Live;
using JobFair.Server.Web;

if (SchemaScript.TryRun(args)) return;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRoot.Choose(args, Environment.GetEnvironmentVariable),
});
builder.AddJobFairHosting();
builder.Services.AddJobFairDatabase();
builder.Services.AddJobFairIdentity();
builder.Services.AddJobFairBus(builder.Configuration);
builder.Services.AddJobFairLive();
builder.AddJobFairWeb();
builder.Services.AddSingleton<FairCloser>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<FairCloser>());
builder.Services.AddFairStats();
builder.Services.AddPushes();
builder.Services.AddReminders();
builder.Services.AddBoothQueues();
builder.Services.AddJobFairDemo(builder.Configuration);

var app = builder.Build();
await app.PrepareAsync();
await app.LoadDemoAsync();
app.UseJobFairPipeline();

app.MapJobFairHealth();
app.MapAccounts();
app.MapUniversities();
app.MapEmployers();
app.MapFairs();
app.MapBooths();
app.MapPositions();
app.MapStudents();
app.MapApplications();
app.MapInterviews();
app.MapStats();
app.MapNotifications();
app.MapGuidance();
app.MapPushes();
app.MapReminders();
app.MapLive();
app.MapJobFairWeb(); // pages (Features/*/Pages, Web/), static assets, the language switch
app.MapBareHub(); // deploy/bench.sh live-fanout only (Bench:BareHub)

await app.RunAsync();

/// <summary>Entry point; public so that tests can host the app.</summary>
public partial class Program;
