// Which hierarchical model a group is fitted with.
//   normal:   the normal-normal model on the effect sizes and their standard errors
//             (models/normal_normal.hpp), solved exactly by quadrature and the collapsed sampler;
//   binomial: the binomial-normal model on the 2x2 counts (models/binomial_normal.hpp), sampled
//             by HMC only.
#ifndef METAMC_MODELS_MODEL_KIND_HPP
#define METAMC_MODELS_MODEL_KIND_HPP

namespace metamc {

enum class ModelKind { normal, binomial };

inline const char* to_string(ModelKind kind) {
  return kind == ModelKind::binomial ? "binomial" : "normal";
}

}  // namespace metamc

#endif  // METAMC_MODELS_MODEL_KIND_HPP
