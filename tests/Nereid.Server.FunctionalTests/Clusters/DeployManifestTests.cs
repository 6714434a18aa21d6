using System.Text.Json;
using Nereid.KubeDouble;
using Nereid.KubeDouble.Rbac;
using Nereid.KubeDouble.Schema;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.TestSupport.Paths;
using Nereid.TestSupport.Processes;
using Nereid.Domain.People;

namespace Nereid.Server.FunctionalTests.Clusters;

public sealed class DeployManifestTests
{
    private static readonly string Deploy = Path.Combine(RepoPaths.Root, "deploy");
    private static readonly string[] Files = ["namespace.yaml", "rbac.yaml", "rbac-enforcement.yaml", "configmap.yaml", "service.yaml", "ingress.yaml", "deployment.yaml"];

    [Fact]
    public void Manifests_EverySchemaKnownObject_ValidatesAgainstOpenApi()
    {
        var validator = OpenApiSchemaValidator.LoadDefault();
        var checkedKinds = new List<string>();
        foreach (var file in Files)
        {
            foreach (var doc in YamlJson.Documents(Path.Combine(Deploy, file)))
            {
                var apiVersion = doc["apiVersion"]!.GetValue<string>();
                var kind = doc["kind"]!.GetValue<string>();
                if (!validator.Knows(apiVersion, kind))
                {
                    continue;
                }
                var errors = validator.Validate(JsonSerializer.SerializeToElement(doc));
                errors.Select(e => e.FullMessage).ShouldBeEmpty($"{file}: {kind}");
                checkedKinds.Add(kind);
            }
        }
        checkedKinds.ShouldBe(["Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "Service", "Ingress"], ignoreOrder: true);
    }

    [Fact]
    public void Deployment_IsWellFormedWithProbesAndLockedDownSecurity()
    {
        // apps/v1 has no OpenAPI file in the reference set, so this checks the fields that matter by hand.
        var doc = YamlJson.Documents(Path.Combine(Deploy, "deployment.yaml")).Single();
        doc["kind"]!.GetValue<string>().ShouldBe("Deployment");
        var pod = doc["spec"]!["template"]!["spec"]!;
        pod["serviceAccountName"]!.GetValue<string>().ShouldBe("nereid");
        pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>().ShouldBeTrue();
        var c = pod["containers"]![0]!;
        c["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>().ShouldBe("/readyz");
        c["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>().ShouldBe("/healthz");
        c["startupProbe"]!["httpGet"]!["path"]!.GetValue<string>().ShouldBe("/healthz");
        c["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>().ShouldBeTrue();
        c["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>().ShouldBeFalse();
        c["resources"]!["limits"]!["memory"]!.GetValue<string>().ShouldBe("1Gi");
        doc["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]!.GetValue<string>()
            .ShouldBe(doc["spec"]!["template"]!["metadata"]!["labels"]!["app.kubernetes.io/name"]!.GetValue<string>());
    }

    [Fact]
    public async Task KubectlApplyServerSide_EveryManifest_Succeeds()
    {
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"nereid-deploy-{Guid.NewGuid():N}.yaml");
        kube.WriteKubeconfig(kubeconfig, KubeDoubleOptions.DefaultAdminToken);
        try
        {
            foreach (var file in Files)
            {
                // The double publishes no OpenAPI for apps/v1, so kubectl cannot fetch a schema to validate the Deployment against.
                string[] validate = file == "deployment.yaml" ? ["--validate=false"] : [];
                var result = await ProcessRunner.RunAsync("/usr/bin/kubectl",
                    ["--kubeconfig", kubeconfig, "apply", "--server-side", .. validate, "-f", Path.Combine(Deploy, file)]);
                result.ExitCode.ShouldBe(0, $"{file}: {result.StandardError}");
            }
        }
        finally
        {
            File.Delete(kubeconfig);
        }
        kube.SchemaViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Reconciler_BoundToNereidController_ConvergesWithoutForbidden()
    {
        const string token = "nereid-sa-token";
        await using var app = await ClusterAppFactory.StartAsync(o => o.Users[token] =
            new UserInfo("system:serviceaccount:nereid-system:nereid", ["system:serviceaccounts", "system:serviceaccounts:nereid-system", "system:authenticated"]), token);
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"nereid-rbac-{Guid.NewGuid():N}.yaml");
        app.Kube.WriteKubeconfig(kubeconfig, KubeDoubleOptions.DefaultAdminToken);
        try
        {
            foreach (var file in new[] { "namespace.yaml", "rbac.yaml" })
            {
                var result = await ProcessRunner.RunAsync("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "apply", "--server-side", "-f", Path.Combine(Deploy, file)]);
                result.ExitCode.ShouldBe(0, result.StandardError);
            }
        }
        finally
        {
            File.Delete(kubeconfig);
        }
        var admin = await app.CreatePersonAsync("rbacadmin", Tier.Admin);
        var member = await app.CreatePersonAsync("rbacmember", Tier.User);

        foreach (var name in new[] { "rbac-a", "rbac-b", "rbac-c" })
        {
            await app.CreateNamespaceAsync(name, admin, member);
        }

        foreach (var name in new[] { "rbac-a", "rbac-b", "rbac-c" })
        {
            await Eventually.TrueAsync(async () => await app.Admin.GetAsync<NetworkPolicy>(name, "nereid-isolation") is not null
                && await app.Admin.GetAsync<RoleBinding>(name, "nereid-members") is not null, $"{name} never converged");
        }
        (await app.Admin.GetAsync<ClusterRoleBinding>(null, "nereid-cluster-user")).ShouldNotBeNull();
        app.Kube.RequestLog.Entries.Where(e => e.Status == 403).Select(e => $"{e.Method} {e.PathAndQuery}").ShouldBeEmpty();
    }
}
