//! The selection: which nodes are selected (a flag per node, for drawing and hit
//! tests) and in which order they were picked (the inspector shows the first).

use super::super::gpu::{NODE_SELECTED, NodeInstance};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Whether node i is selected.
    pub flags: Vec<bool>,
    /// Selected nodes in the order they were selected.
    pub order: Vec<u32>,
}

impl Selection {
    pub fn new(n: usize) -> Self {
        Self {
            flags: vec![false; n],
            order: Vec::new(),
        }
    }

    /// Selects `nodes` (replacing the selection unless `add`).
    pub fn select(&mut self, nodes: &[u32], add: bool) {
        if !add {
            for &i in &self.order {
                if let Some(f) = self.flags.get_mut(i as usize) {
                    *f = false;
                }
            }
            self.order.clear();
        }
        for &i in nodes {
            if let Some(s) = self.flags.get_mut(i as usize)
                && !*s
            {
                *s = true;
                self.order.push(i);
            }
        }
    }

    /// Adds a node to the selection or removes it. Returns whether it was a node.
    pub fn toggle(&mut self, node: u32) -> bool {
        let Some(s) = self.flags.get_mut(node as usize) else {
            return false;
        };
        *s = !*s;
        if *s {
            self.order.push(node);
        } else {
            self.order.retain(|&i| i != node);
        }
        true
    }

    pub fn contains(&self, node: u32) -> bool {
        self.flags.get(node as usize).copied().unwrap_or(false)
    }

    /// Node instances with their selection flag set from this selection.
    pub fn flag_instances(&self, nodes: &[NodeInstance]) -> Vec<NodeInstance> {
        nodes
            .iter()
            .map(|&node| {
                let mut node = node;
                if self.contains(node.node) {
                    node.flags |= NODE_SELECTED;
                } else {
                    node.flags &= !NODE_SELECTED;
                }
                node
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_add_and_toggle_keep_flags_and_order_in_step() {
        let mut s = Selection::new(4);
        s.select(&[2, 0, 9], false);
        assert_eq!(s.order, vec![2, 0]);
        s.select(&[1], true);
        assert_eq!(s.order, vec![2, 0, 1]);
        assert!(s.toggle(0));
        assert_eq!(s.order, vec![2, 1]);
        assert!(!s.toggle(7));
        s.select(&[3], false);
        assert_eq!(s.order, vec![3]);
        assert_eq!(s.flags, vec![false, false, false, true]);
        let inst = [NodeInstance {
            node: 3,
            ..NodeInstance::default()
        }];
        assert_eq!(s.flag_instances(&inst)[0].flags, NODE_SELECTED);
    }
}
