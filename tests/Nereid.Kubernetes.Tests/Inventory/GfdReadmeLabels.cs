namespace Nereid.Kubernetes.Tests.Inventory;

/// <summary>
/// Copy of /work/shared/reference/kubernetes/fixtures/gfd-labels-readme-example.json (GFD README, NVIDIA/k8s-device-plugin,
/// Apache-2.0; see that folder's README.md), inlined because the test project copies only its own Fixtures/ folder.
/// </summary>
internal static class GfdReadmeLabels
{
    public const string Json = """
{
  "nvidia.com/cuda.driver.major": "455",
  "nvidia.com/cuda.driver.minor": "06",
  "nvidia.com/cuda.driver.rev": "",
  "nvidia.com/cuda.runtime.major": "11",
  "nvidia.com/cuda.runtime.minor": "1",
  "nvidia.com/gpu.compute.major": "8",
  "nvidia.com/gpu.compute.minor": "0",
  "nvidia.com/gfd.timestamp": "1594644571",
  "nvidia.com/gpu.count": "1",
  "nvidia.com/gpu.family": "ampere",
  "nvidia.com/gpu.machine": "NVIDIA DGX-2H",
  "nvidia.com/gpu.memory": "39538",
  "nvidia.com/gpu.product": "A100-SXM4-40GB"
}
""";
}
