#!/usr/bin/env python3
"""Same-run PyTorch reference for test/bench/train.bench.ts: the bench's training workload in float32 PyTorch.

Reads the samples the bench exported (export-workload.ts: standardised descriptors, normalised energies
and forces, descriptor Jacobians), so both sides train on identical inputs, and trains per-element
networks (structure energy = sum over its atoms) with Adam (lr 1e-3) in fixed batches whose order is
shuffled each epoch, as the bench's Trainer does:

  det       one network per element; loss (1-a)*RMSE(E/N) + a*RMSE(F)
  lrt       Bayesian network, local reparameterisation, K samples; loss
            mean_K sum_batch NLL + KL/N_train ('paper' weighting), NLL with sigma_E (and sigma_F)
  ensemble  M deterministic members, sum of the members' losses; --impl bmm stacks the members
            (layer 0 one wide product over the shared descriptors, later layers batched matmuls);
            --impl vmap runs one member's module over stacked parameters with torch.func.vmap

Forces (det only): F_k = -sum_i (dE/dG_i) . (dG_i/dR_k), with dE/dG from autograd (create_graph) and
the exported Jacobian blocks; trained for the structures that carry them when --alpha > 0.

Prints one JSON line per thread count: seconds per epoch (median and min over the timed epochs after
--warmup untimed ones) and peak RSS.
"""
import argparse
import json
import math
import os
import resource
import statistics
import time

import torch
import torch.nn.functional as F


def load(path):
    header = json.load(open(path + '.json'))
    raw = bytearray(open(path + '.bin', 'rb').read())

    def arr(name):
        a = header['arrays'][name]
        dtype = torch.float32 if a['dtype'] == 'float32' else torch.int32
        return torch.frombuffer(raw, dtype=dtype, count=a['length'], offset=a['offset']) if a['length'] else torch.zeros(0, dtype=dtype)

    d = {k: arr(k) for k in header['arrays']}
    d['x'] = d['x'].view(-1, header['dim'])
    d['forces'] = d['forces'].view(-1, 3)
    d['jacobian'] = d['jacobian'].view(-1, 3, header['dim'])
    d['raw'] = raw  # the tensors above share its memory
    return header, d


class Batch:
    """Everything a step needs, gathered once: per element the descriptor rows and their structure in the batch."""

    def __init__(self, d, structures, n_elements, use_forces):
        a, p = d['atomStart'], d['pairStart']
        atoms = torch.cat([torch.arange(int(a[s]), int(a[s + 1])) for s in structures])
        local = torch.cat([torch.full((int(a[s + 1] - a[s]),), b, dtype=torch.long) for b, s in enumerate(structures)])
        element = d['atomElement'][atoms].long()
        self.size = len(structures)
        self.energy = d['energy'][structures].clone()
        self.inv_atoms = 1.0 / d['nAtoms'][structures].float()
        self.x, self.seg = [], []
        position = torch.full((int(d['atomStart'][-1]),), -1, dtype=torch.long)  # global atom -> row of cat(x)
        row = 0
        for e in range(n_elements):
            rows = (element == e).nonzero().squeeze(1)
            self.x.append(d['x'][atoms[rows]].clone().requires_grad_(use_forces))
            self.seg.append(local[rows])
            position[atoms[rows]] = torch.arange(row, row + len(rows))
            row += len(rows)
        self.forces = None
        forced = [s for s in structures if use_forces and int(d['hasForces'][s])]
        if forced:
            f_atoms = torch.cat([torch.arange(int(a[s]), int(a[s + 1])) for s in forced])
            f_row = torch.full_like(position, -1)
            f_row[f_atoms] = torch.arange(len(f_atoms))
            pairs = torch.cat([torch.arange(int(p[s]), int(p[s + 1])) for s in forced])
            self.forces = d['forces'][f_atoms].clone()
            self.pair_i = position[d['pairI'][pairs].long()]
            self.pair_k = f_row[d['pairK'][pairs].long()]
            self.jacobian = d['jacobian'][pairs].clone()

    def predicted_forces(self, energy_sum):
        """-(dE/dG)·(dG/dR) summed into each atom k, differentiable (create_graph) so the loss can train on it."""
        grads = torch.autograd.grad(energy_sum, self.x, create_graph=True)
        g = torch.cat(grads)[self.pair_i]  # [P, D], dE/dG of each pair's central atom
        contrib = torch.bmm(self.jacobian, g.unsqueeze(-1)).squeeze(-1)  # [P, 3]
        return -torch.zeros_like(self.forces).index_add(0, self.pair_k, contrib)


def rmse(e):
    return torch.sqrt((e * e).mean(-1) + 1e-20)


def mlp(dims, hidden):
    layers, n = [], dims
    for h in hidden:
        layers += [torch.nn.Linear(n, h), torch.nn.Tanh()]
        n = h
    return torch.nn.Sequential(*layers, torch.nn.Linear(n, 1))


class Deterministic(torch.nn.Module):
    def __init__(self, dims, hidden, n_elements):
        super().__init__()
        self.nets = torch.nn.ModuleList([mlp(dims, hidden) for _ in range(n_elements)])

    def loss(self, b, alpha):
        energy = torch.zeros(b.size)
        for net, x, seg in zip(self.nets, b.x, b.seg):
            if len(seg):
                energy = energy.index_add(0, seg, net(x).squeeze(-1))
        loss = rmse((energy - b.energy) * b.inv_atoms)
        if alpha > 0 and b.forces is not None:
            f = b.predicted_forces(energy.sum())
            loss = (1 - alpha) * loss + alpha * torch.sqrt(((f - b.forces) ** 2).mean() + 1e-20)
        return loss


class LrtLayer(torch.nn.Module):
    """Mean-field Gaussian weights; the pre-activations are sampled (local reparameterisation)."""

    def __init__(self, n_in, n_out, q_scale, prior_scale):
        super().__init__()
        rho = math.log(math.expm1(q_scale))
        self.mu_w = torch.nn.Parameter(torch.randn(n_in, n_out) / math.sqrt(n_in))
        self.mu_b = torch.nn.Parameter(torch.zeros(n_out))
        self.rho_w = torch.nn.Parameter(torch.full((n_in, n_out), rho))
        self.rho_b = torch.nn.Parameter(torch.full((n_out,), rho))
        self.prior = prior_scale

    def forward(self, x, samples):
        sw, sb = F.softplus(self.rho_w), F.softplus(self.rho_b)
        mean = x @ self.mu_w + self.mu_b
        var = (x * x) @ (sw * sw) + sb * sb
        shape = mean.shape if mean.dim() == 3 else (samples,) + mean.shape
        return mean + torch.sqrt(var + 1e-16) * torch.randn(shape)

    def kl(self):
        total = 0.0
        for mu, rho in ((self.mu_w, self.rho_w), (self.mu_b, self.rho_b)):
            s = F.softplus(rho)
            total = total + (math.log(self.prior) - torch.log(s) + (s * s + mu * mu) / (2 * self.prior ** 2) - 0.5).sum()
        return total


class Lrt(torch.nn.Module):
    def __init__(self, dims, hidden, n_elements, samples, q_scale, prior_scale, sigma_e, sigma_f, n_train):
        super().__init__()
        sizes = [dims] + list(hidden) + [1]
        self.nets = torch.nn.ModuleList([
            torch.nn.ModuleList([LrtLayer(sizes[i], sizes[i + 1], q_scale, prior_scale) for i in range(len(sizes) - 1)])
            for _ in range(n_elements)])
        self.samples, self.sigma_e, self.sigma_f, self.n_train = samples, sigma_e, sigma_f, n_train

    @staticmethod
    def nll(err, sigma):
        return 0.5 * err * err / (sigma * sigma) + math.log(sigma) + 0.5 * math.log(2 * math.pi)

    def loss(self, b, alpha):
        energy = torch.zeros(self.samples, b.size)
        for layers, x, seg in zip(self.nets, b.x, b.seg):
            if not len(seg):
                continue
            h = x
            for i, layer in enumerate(layers):
                h = layer(h, self.samples)
                if i < len(layers) - 1:
                    h = torch.tanh(h)
            energy = energy.index_add(1, seg, h.squeeze(-1))
        per_sample = self.nll((energy - b.energy) * b.inv_atoms, self.sigma_e).sum(-1)
        kl = sum(layer.kl() for layers in self.nets for layer in layers)
        return per_sample.mean() + kl / self.n_train


class StackedEnsemble(torch.nn.Module):
    """M members' weights stacked: layer 0 is one [A, D] x [D, M*h] product, later layers bmm over members."""

    def __init__(self, dims, hidden, n_elements, members):
        super().__init__()
        self.members = members
        sizes = [dims] + list(hidden) + [1]
        self.weights = torch.nn.ParameterList()
        self.biases = torch.nn.ParameterList()
        self.layers = len(sizes) - 1
        for _ in range(n_elements):
            for i in range(self.layers):
                bound = 1 / math.sqrt(sizes[i])
                self.weights.append(torch.nn.Parameter(torch.empty(members, sizes[i], sizes[i + 1]).uniform_(-bound, bound)))
                self.biases.append(torch.nn.Parameter(torch.empty(members, 1, sizes[i + 1]).uniform_(-bound, bound)))

    def member_energies(self, e, x):
        w, bias = self.weights[e * self.layers:(e + 1) * self.layers], self.biases[e * self.layers:(e + 1) * self.layers]
        m, d, h0 = w[0].shape
        h = (x @ w[0].permute(1, 0, 2).reshape(d, m * h0)).view(-1, m, h0).transpose(0, 1) + bias[0]
        h = torch.tanh(h)
        for i in range(1, self.layers):
            h = torch.baddbmm(bias[i], h, w[i])
            if i < self.layers - 1:
                h = torch.tanh(h)
        return h.squeeze(-1)  # [M, A]

    def loss(self, b, alpha):
        energy = torch.zeros(self.members, b.size)
        for e, (x, seg) in enumerate(zip(b.x, b.seg)):
            if len(seg):
                energy = energy.index_add(1, seg, self.member_energies(e, x))
        return rmse((energy - b.energy) * b.inv_atoms).sum()


class VmapEnsemble(torch.nn.Module):
    def __init__(self, dims, hidden, n_elements, members):
        super().__init__()
        from torch.func import functional_call, stack_module_state, vmap
        self.members = members
        self.base, self.params = [], torch.nn.ParameterList()
        self.names = []
        for _ in range(n_elements):
            nets = [mlp(dims, hidden) for _ in range(members)]
            params, _ = stack_module_state(nets)
            self.names.append(list(params))
            self.params.extend(torch.nn.Parameter(p) for p in params.values())
            self.base.append(mlp(dims, hidden).to('meta'))

        def one(base):
            return lambda p, x: functional_call(base, p, (x,)).squeeze(-1)

        self.run = [vmap(one(base), in_dims=(0, None)) for base in self.base]

    def loss(self, b, alpha):
        energy = torch.zeros(self.members, b.size)
        k = 0
        for e, (x, seg) in enumerate(zip(b.x, b.seg)):
            names = self.names[e]
            params = dict(zip(names, self.params[k:k + len(names)]))
            k += len(names)
            if len(seg):
                energy = energy.index_add(1, seg, self.run[e](params, x))
        return rmse((energy - b.energy) * b.inv_atoms).sum()


def build(args, header, n_train):
    hidden = [int(h) for h in args.hidden.split(',')]
    dims, n_el = header['dim'], header['elements']
    if args.case == 'det':
        return Deterministic(dims, hidden, n_el)
    if args.case == 'lrt':
        return Lrt(dims, hidden, n_el, args.samples, args.q_scale, args.prior_scale, args.sigma_energy, args.sigma_forces, n_train)
    if args.impl == 'vmap':
        return VmapEnsemble(dims, hidden, n_el, args.members)
    return StackedEnsemble(dims, hidden, n_el, args.members)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--data', required=True, help='exported workload, without .json/.bin')
    p.add_argument('--case', choices=['det', 'lrt', 'ensemble'], default='det')
    p.add_argument('--impl', choices=['bmm', 'vmap'], default='bmm')
    p.add_argument('--members', type=int, default=10)
    p.add_argument('--hidden', default='15,15')
    p.add_argument('--alpha', type=float, default=0.0)
    p.add_argument('--samples', type=int, default=2)
    p.add_argument('--q-scale', type=float, default=2.27e-4)
    p.add_argument('--prior-scale', type=float, default=0.209)
    p.add_argument('--sigma-energy', type=float, default=0.132)
    p.add_argument('--sigma-forces', type=float, default=0.5)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--epochs', type=int, default=10)
    p.add_argument('--warmup', type=int, default=1)
    p.add_argument('--threads', default='1,all', help="comma list; 'all' = every core")
    p.add_argument('--seed', type=int, default=1)
    args = p.parse_args()

    torch.set_num_interop_threads(1)
    header, d = load(args.data)
    n = header['structures']
    use_forces = args.alpha > 0 and header['pairs'] > 0
    if use_forces and args.case != 'det':
        raise SystemExit('forces: only --case det (the bench times the BNN and the ensemble on energies)')
    g = torch.Generator().manual_seed(args.seed)
    order = torch.randperm(n, generator=g).tolist()
    batches = [Batch(d, order[i:i + args.batch], header['elements'], use_forces) for i in range(0, n, args.batch)]
    for t in args.threads.split(','):
        threads = os.cpu_count() if t == 'all' else int(t)
        torch.set_num_threads(threads)
        torch.manual_seed(args.seed)
        model = build(args, header, n)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
        times = []
        for epoch in range(args.warmup + args.epochs):
            t0 = time.perf_counter()
            for k in torch.randperm(len(batches), generator=g).tolist():
                opt.zero_grad(set_to_none=True)
                loss = model.loss(batches[k], args.alpha)
                loss.backward()
                opt.step()
            if epoch >= args.warmup:
                times.append(time.perf_counter() - t0)
        print(json.dumps({
            'case': args.case, 'impl': args.impl if args.case == 'ensemble' else None, 'threads': threads,
            'seconds_per_epoch': statistics.median(times), 'min': min(times), 'epochs': len(times),
            'loss': float(loss), 'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            'torch': torch.__version__,
        }), flush=True)


if __name__ == '__main__':
    main()
