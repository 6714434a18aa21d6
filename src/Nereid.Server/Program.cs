using Nereid.Data.Database;
using Nereid.Server.Auth;
using Nereid.Server.Extensions;
using Nereid.Server.Identity;

var builder = WebApplication.CreateBuilder(args);
builder.AddNereidData();
builder.AddNereidAuth();
builder.AddNereidServer();
builder.AddNereidIdentity();

var app = builder.Build();
app.UseNereid();
app.MapNereidIdentity();
app.Run();

/// <summary>Entry point; public so functional tests can host it with WebApplicationFactory.</summary>
public partial class Program;
