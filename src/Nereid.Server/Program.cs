using Nereid.Server.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddNereidApplication();

var app = builder.Build();
app.UseNereidApplication();
app.Run();

/// <summary>Entry point; public so functional tests can host it with WebApplicationFactory.</summary>
public partial class Program;
