using Microsoft.EntityFrameworkCore;
using Nereid.Domain.Audit;
using Nereid.Domain.Clusters;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Domain.Requests;
using Nereid.Domain.Sessions;
using Nereid.Domain.Storage;
using Nereid.Domain.Tokens;
using Nereid.Data.Configurations;
using Nereid.Data.DataProtection;
using Nereid.Data.Provider;

namespace Nereid.Data;

/// <summary>The system of record: people, namespaces, memberships, requests, tokens, sessions and audit.</summary>
public sealed class NereidDbContext(DbContextOptions<NereidDbContext> options) : DbContext(options)
{
    public DbSet<Person> People => Set<Person>();
    public DbSet<ExternalIdentity> ExternalIdentities => Set<ExternalIdentity>();
    public DbSet<LocalAccount> LocalAccounts => Set<LocalAccount>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<NereidNamespace> Namespaces => Set<NereidNamespace>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<TierRequest> TierRequests => Set<TierRequest>();
    public DbSet<JoinRequest> JoinRequests => Set<JoinRequest>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();
    public DbSet<ProviderSigningKeyRow> ProviderSigningKeys => Set<ProviderSigningKeyRow>();
    public DbSet<SessionImage> SessionImages => Set<SessionImage>();
    public DbSet<AccountLink> AccountLinks => Set<AccountLink>();
    public DbSet<StorageClassDescription> StorageClassDescriptions => Set<StorageClassDescription>();
    public DbSet<ClusterTrustSetting> ClusterTrustSettings => Set<ClusterTrustSetting>();
    public DbSet<Nereid.Domain.Institutions.Institution> Institutions => Set<Nereid.Domain.Institutions.Institution>();

    /// <summary>Every timestamp is UTC; SQLite stores no kind, so it is restored on read and the API writes a trailing Z.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NereidDbContext).Assembly);
        // The OpenID provider's applications, authorizations, scopes and tokens (OpenIddict's EF Core entities with
        // their default string keys and table names; created by M0009).
        modelBuilder.UseOpenIddict();
    }
}
