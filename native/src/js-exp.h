// exp() as V8's Math.exp computes it: the FreeBSD msun / fdlibm algorithm (argument
// reduction by ln2 split in two, degree-5 Remez polynomial), so that a softmax written in
// C++ is bit-identical to one written in JavaScript. glibc's exp() differs in the last bit
// for about 10% of inputs.
#pragma once

namespace otn {
double js_exp(double x);
}
