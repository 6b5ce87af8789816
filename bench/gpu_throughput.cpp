// Throughput of the CUDA backend against the CPU backend (a benchmark, not a test).
//
//   build/bench/gpu_throughput [--quick]
//
// Summary mode on both backends (what the GPU always runs), simulated meta-analyses with
// k = 3, 10 and 30 studies (data/simulated_group.hpp), tau ~ half-normal(0.5), flat mu:
//   - one large analysis: 65,536 chains x (1000 warmup + 1000 draws),
//   - a batch: 10,000 analyses x 128 chains x (1000 warmup + 1000 draws), one launch.
// Reports chain-iterations per second (warmup included), bulk ESS per second (sum over the
// analyses of the worse of mu and tau) and wall times; the GPU's kernel time is taken with CUDA
// events, its total time includes uploads, the segmented reductions and downloads. The CPU runs
// the same configurations scaled down (fewer chains or analyses, all cores); its rates are per
// chain-iteration and comparable. Without a usable GPU it says so and measures the CPU only.
// Then ChEES-HMC at k = 10: one analysis of 65,536 chains, gradient evaluations and ESS per
// second; the same for the binomial-normal model on 10 simulated 2x2 tables. Last, the simulation
// study's batches (metamc simulate --backend cuda) at k = 3 and 10 against all CPU cores.
// --quick divides every size by 16. METAMC_CUDA_HISTOGRAMS=shared|global forces where the
// GPU counts its histograms (the last column says where it did).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_timing.hpp"
#include "metamc/mcmc/cuda_backend.hpp"
#include "metamc/mcmc/prepared_groups.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/posterior/streamed_summary.hpp"
#include "metamc/simulate/coverage_study.hpp"
#include "metamc/simulate/simulated_group.hpp"

namespace {

using namespace metamc;
using namespace metamc::bench;

PreparedGroups workload(int k, int analyses) {
  std::vector<Group> groups;
  for (int g = 0; g < analyses; ++g)
    groups.push_back(simulated_group(k, static_cast<std::uint32_t>(g)));
  return prepare_groups(groups, parse_tau_prior("halfnormal(0.5)"), MuPrior{}, {}, true, 0);
}

struct Measurement {
  double seconds = 0, kernel_seconds = 0, warmup_seconds = 0, ess = 0, iterations = 0;
  double gradients = 0;          // HMC: leapfrog steps of the sampling iterations
  const char* histograms = "-";  // where the GPU counted them: shared or global memory
};

double total_ess(const PreparedGroups& w, const std::vector<GroupSummary>& s) {
  double ess = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    ess += summarise_streamed(s[i], w.plans[i], w.jobs[i].data, 0.95, w.jobs[i].model)
               .diagnostics->ess_bulk;
  return ess;
}

double total_gradients(const std::vector<GroupSummary>& s) {
  double gradients = 0;
  for (const GroupSummary& g : s) gradients += g.totals[RecordLayout::plain(kSumLeapfrogSteps)];
  return gradients;
}

Measurement run_cpu(const PreparedGroups& w, const SamplerSettings& s) {
  const auto t0 = Clock::now();
  const auto summaries = summarise_on_cpu(w.jobs, w.plans, s);
  Measurement m;
  m.seconds = seconds_since(t0);
  m.kernel_seconds = m.seconds;
  m.ess = total_ess(w, summaries);
  m.gradients = total_gradients(summaries);
  m.iterations = static_cast<double>(w.jobs.size()) * s.chains * (s.warmup + s.draws);
  return m;
}

Measurement run_gpu(const PreparedGroups& w, const SamplerSettings& s) {
  // A tiny warm-up launch (context, module load): one group, one block, ten draws.
  SamplerSettings tiny = s;
  tiny.chains = 128;
  tiny.warmup = 0;
  tiny.draws = 10;
  summarise_on_cuda({w.jobs[0]}, {w.plans[0]}, tiny, 0);
  CudaTiming timing;
  const auto summaries = summarise_on_cuda(w.jobs, w.plans, s, 0, &timing);
  Measurement m;
  m.seconds = timing.total_seconds;
  m.kernel_seconds = timing.kernel_seconds;
  m.warmup_seconds = timing.warmup_seconds;
  m.histograms = timing.shared_histograms ? "shared" : "global";
  m.ess = total_ess(w, summaries);
  m.gradients = total_gradients(summaries);
  m.iterations = static_cast<double>(w.jobs.size()) * s.chains * (s.warmup + s.draws);
  return m;
}

void print(const char* backend, const char* shape, int k, const Measurement& m) {
  std::printf("%-4s %-34s %3d %12.3g %12.3g %10.3g %10.4f %10.4f %s\n", backend, shape, k,
              m.iterations / m.kernel_seconds, m.ess / m.kernel_seconds, m.iterations,
              m.kernel_seconds, m.seconds, m.histograms);
}

// The simulation study's batches (metamc simulate): 100,000 replicates of one scenario (tau = 0.2,
// mu = 0) of a design of k trials with standard errors spread over [0.1, 0.3], each fitted by DL,
// REML and PM (Wald and HKSJ) and the normal-normal model's interval quadrature (tau ~
// half-normal(0.5)); the GPU (one thread per replicate, the host tallying the outcomes) against
// every CPU core. Replicates per second of the GPU's kernels and of the whole study on each.
void simulation_batches(int scale, bool gpu) {
  const auto replicates = static_cast<std::uint64_t>(100000 / scale);
  std::printf("\nSimulation batches: %llu replicates, DL + REML + PM (Wald, HKSJ) + Bayes exact\n",
              static_cast<unsigned long long>(replicates));
  std::printf("%4s %18s %18s %14s %12s\n", "k", "GPU kernel rep/s", "GPU study rep/s", "CPU rep/s",
              "GPU/CPU");
  for (const int k : {3, 10}) {
    std::vector<double> se;
    for (int i = 0; i < k; ++i) se.push_back(0.1 + 0.2 * i / (k - 1));
    const StudyDesign design = normal_design(se, Benefit::lower);
    const std::vector<Scenario> scenario = {{0.2, 0}};
    CoverageSettings settings;
    const auto cpu_start = Clock::now();
    coverage_tallies(design, scenario, settings, 0, {0, replicates});
    const double cpu = replicates / seconds_since(cpu_start);
    if (!gpu) {
      std::printf("%4d %18s %18s %14.0f %12s\n", k, "-", "-", cpu, "-");
      continue;
    }
    CudaBatchTiming timing;
    settings.batches = [&](const std::vector<EffectBatch>& b, std::uint64_t first,
                           std::uint64_t last) {
      return fit_batch_on_cuda(b, first, last, 0, &timing);
    };
    coverage_tallies(design, scenario, settings, 0, {0, 1000});  // the module's first load
    timing = {};
    const auto gpu_start = Clock::now();
    coverage_tallies(design, scenario, settings, 0, {0, replicates});
    const double study = replicates / seconds_since(gpu_start);
    std::printf("%4d %18.0f %18.0f %14.0f %12.2f\n", k, replicates / timing.kernel_seconds, study,
                cpu, study / cpu);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int scale = argc > 1 && std::strcmp(argv[1], "--quick") == 0 ? 16 : 1;
  const bool gpu = cuda_device_count() > 0;
  const char* expect = std::getenv("METAMC_EXPECT_GPU");
  if (!gpu && expect && std::string(expect) == "1") {
    std::fprintf(stderr, "gpu_throughput: METAMC_EXPECT_GPU=1 but no usable GPU: %s\n",
                 cuda_unavailable_reason().c_str());
    return 1;
  }
  std::printf("metamc GPU vs CPU throughput, summary mode, tau ~ half-normal(0.5)\n");
  std::printf("GPU: %s; CPU: %d threads\n", gpu ? cuda_device_name(0).c_str() : "none usable",
              resolve_threads(0));
  std::printf("%-4s %-34s %3s %12s %12s %10s %10s %10s %s\n", "", "workload", "k", "chain-it/s",
              "ESS/s", "chain-its", "kernel s", "total s", "histograms");
  SamplerSettings s;
  s.warmup = 1000;
  s.draws = 1000;
  s.seed = 1;
  for (int k : {3, 10, 30}) {
    // One large analysis.
    const PreparedGroups one = workload(k, 1);
    s.chains = 65536 / scale;
    if (gpu)
      print("GPU", ("1 analysis x " + std::to_string(s.chains) + " chains").c_str(), k,
            run_gpu(one, s));
    SamplerSettings cpu = s;
    cpu.chains = 2048 / scale;
    print("CPU", ("1 analysis x " + std::to_string(cpu.chains) + " chains").c_str(), k,
          run_cpu(one, cpu));

    // A batch of analyses.
    const int analyses = 10000 / scale;
    s.chains = 128;
    if (gpu)
      print("GPU", (std::to_string(analyses) + " analyses x 128 chains").c_str(), k,
            run_gpu(workload(k, analyses), s));
    const PreparedGroups small = workload(k, std::max(1, 64 / scale));
    print("CPU", (std::to_string(small.jobs.size()) + " analyses x 128 chains").c_str(), k,
          run_cpu(small, s));
  }

  // ChEES-HMC on the non-centred model, k = 10: gradient evaluations (leapfrog steps) of the
  // sampling iterations per second of sampling, and ESS per second of the whole run (warmup
  // included). The CPU's warmup is not timed apart: its rate is over the whole run.
  std::printf("\nHMC, k = 10, 1000 warmup + 1000 draws\n%-4s %-28s %20s %12s %10s %10s %10s\n", "",
              "workload", "sampling gradients/s", "ESS/s", "warmup s", "kernel s", "total s");
  SamplerSettings h = s;
  h.sampler = SamplerKind::hmc;
  const PreparedGroups ten = workload(10, 1);
  auto print_hmc = [](const char* backend, int chains, const Measurement& m) {
    const double sampling = m.kernel_seconds - m.warmup_seconds;
    std::printf("%-4s %-28s %20.3g %12.3g %10.4f %10.4f %10.4f\n", backend,
                ("1 analysis x " + std::to_string(chains) + " chains").c_str(),
                m.gradients / sampling, m.ess / m.kernel_seconds, m.warmup_seconds,
                m.kernel_seconds, m.seconds);
  };
  h.chains = 65536 / scale;
  if (gpu) print_hmc("GPU", h.chains, run_gpu(ten, h));
  h.chains = 1024 / scale;
  print_hmc("CPU", h.chains, run_cpu(ten, h));

  // The binomial-normal model on odds ratios, k = 10 tables of 200 patients per arm
  // (simulated_count_group): 22 coordinates, the counts' exact likelihood.
  std::printf("\nBinomial-normal model (OR), k = 10, 1000 warmup + 1000 draws\n");
  const PreparedGroups counts =
      prepare_groups({simulated_count_group(10, 1)}, parse_tau_prior("halfnormal(0.5)"), MuPrior{},
                     {}, true, 0, "", {ModelKind::binomial});
  h.chains = 65536 / scale;
  if (gpu) print_hmc("GPU", h.chains, run_gpu(counts, h));
  h.chains = 1024 / scale;
  print_hmc("CPU", h.chains, run_cpu(counts, h));

  simulation_batches(scale, gpu);
  return 0;
}
