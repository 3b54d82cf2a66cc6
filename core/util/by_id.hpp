// Facts kept by integer id: in a vector while the ids are dense (as ours are: 1, 2, 3…),
// in a hash map beyond. What the snapshot import keeps per invoice and payment, and the
// reports per client, looked up once for each of a million rows.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace crm {

// expect(rows): about how many ids will come (ids below twice that plus 1 024 go in the
// vector); add(id): the id's facts, value-initialised the first time; find(id): null when
// never added; where(test, most): the ids whose facts pass, ascending, at most `most`.
template <class Facts> class ById {
public:
    void expect(std::int64_t rows)
    {
        m_dense.reserve(static_cast<std::size_t>(std::max<std::int64_t>(rows, 0) + 1));
        m_limit = 2 * rows + 1024;
    }
    Facts& add(std::int64_t id)
    {
        if (id < 0 || id >= m_limit)
            return m_sparse[id];
        const auto at = static_cast<std::size_t>(id);
        if (at >= m_dense.size()) {
            m_dense.resize(at + 1);
            m_present.resize(at + 1, 0);
        }
        m_present[at] = 1;
        return m_dense[at];
    }
    Facts* find(std::int64_t id)
    {
        if (id < 0 || id >= m_limit) {
            const auto it = m_sparse.find(id);
            return it == m_sparse.end() ? nullptr : &it->second;
        }
        const auto at = static_cast<std::size_t>(id);
        return at < m_dense.size() && m_present[at] ? &m_dense[at] : nullptr;
    }
    template <class Test> std::vector<std::int64_t> where(Test test, std::size_t most) const
    {
        std::vector<std::int64_t> out;
        for (const auto& [id, f] : m_sparse)
            if (test(f))
                out.push_back(id);
        for (std::size_t at = 0; at < m_dense.size(); ++at)
            if (m_present[at] && test(m_dense[at]))
                out.push_back(static_cast<std::int64_t>(at));
        std::sort(out.begin(), out.end());
        out.resize(std::min(out.size(), most));
        return out;
    }

private:
    std::int64_t m_limit = 1024;
    std::vector<Facts> m_dense;
    std::vector<char> m_present;
    std::unordered_map<std::int64_t, Facts> m_sparse;
};

} // namespace crm
